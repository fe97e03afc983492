package org.redischart.chartgen.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.RepoLayout;

/** {@code chartgen migrate} as a user meets it: messages, exit codes, nothing written on error. */
class MigrateCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not YAML | 'master: [1, 2\\n' | in.yaml:",
        "empty | '' | expected a bitnami/redis or bitnami/valkey values file (a YAML mapping with keys such as architecture, auth, master, replica, sentinel), found an empty document",
        "a list | '- a\\n- b\\n' | found a list",
        "another chart | 'postgresql:\\n  enabled: true\\n' | expected a bitnami/redis or bitnami/valkey values file (keys such as architecture, auth, master, replica, sentinel, commonConfiguration), found only postgresql",
        "this chart's values | 'profile: cache\\nredis:\\n  port: 6380\\n' | found keys of this chart's own values (profile, redis)",
        "bitnami with an unknown architecture | 'architecture: cluster\\n' | .architecture: expected standalone or replication (bitnami/redis), found \"cluster\"",
        "converted values that do not validate | 'architecture: replication\\nmaster:\\n  persistence:\\n    enabled: false\\nreplica:\\n  persistence:\\n    enabled: false\\n' | the converted values do not validate (nothing written)"})
    void refusesWithTheFileWhatWasExpectedAndWhatWasFound(String name, String content, String message) throws Exception {
        Path in = dir.resolve("in.yaml");
        Files.writeString(in, content.replace("\\n", "\n"));
        Path out = dir.resolve("out.yaml");

        Cli.Result result = Cli.run("migrate", "--from", "bitnami", "-f", in.toString(), "-o", out.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains(in.toString()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).as("nothing written").doesNotExist();
    }

    @Test
    void listsWhatHasNoEquivalentOnStandardErrorAndInTheOutput() throws Exception {
        Path in = dir.resolve("bitnami.yaml");
        Files.writeString(in, "architecture: standalone\nauth:\n  password: pw\nvolumePermissions:\n  enabled: true\n"
                + "master:\n  configuration: |\n    maxmemory 100mb\n    notify-keyspace-events Ex\n  unknownThing: 3\n");

        Cli.Result result = Cli.run("migrate", "--from", "bitnami", "-f", in.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("not carried: volumePermissions: no root init container is needed")
                .contains("not carried: master.configuration: redis.conf line \"maxmemory 100mb\"")
                .contains("this chart derives maxmemory from resources")
                .contains("not carried: master.unknownThing: not a bitnami/redis value this migration knows");
        assertThat(result.out()).contains("# from master.configuration\n  extraConfig: |\n    notify-keyspace-events Ex\n")
                .contains("# from auth.password\n  password: pw\n")
                .contains("# from architecture\narchitecture: standalone\n")
                .contains("# - volumePermissions: no root init container is needed")
                .contains("# - reuse redis-data-<fullname>-master-0 with persistence.existingClaim");
    }

    @Test
    void helpNamesTheOptions() {
        Cli.Result result = Cli.run("migrate", "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--from=CHART").contains("bitnami").contains("-f, --values=FILE").contains("-o, --output=FILE");
        assertThat(Cli.run("migrate", "--from", "stable", "-f", RepoLayout.root().resolve("README.md").toString()).exitCode())
                .as("an unknown --from is a usage error").isEqualTo(2);
    }
}
