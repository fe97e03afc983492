package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;

/** chartgen validate reports each bad value with file and path, and Helm refuses the same files. */
class ValidateCommandTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("wrong type", "auth:\n  enabled: \"yes\"\n",
                        ".auth.enabled: expected boolean, found \"yes\"", "auth/enabled"),
                Arguments.of("unknown key", "auth:\n  enabeld: true\n",
                        ".auth.enabeld: unknown key; did you mean enabled?", "enabeld"),
                Arguments.of("top-level typo", "# a typo at the top level\npersistance:\n  size: 1Gi\n",
                        ".persistance: unknown key; did you mean persistence?", "persistance"),
                Arguments.of("out of range", "redis:\n  port: 80\n",
                        ".redis.port: expected a number >= 1024, found 80", "redis/port"),
                Arguments.of("not in enum", "image:\n  pullPolicy: Sometimes\n",
                        ".image.pullPolicy: expected one of Always, IfNotPresent, Never, found \"Sometimes\"",
                        "image/pullPolicy"),
                Arguments.of("latest tag", "image:\n  tag: latest\n",
                        ".image.tag: expected anything but", "image/tag"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValueIsReportedWithFileAndPathAndHelmRefusesItToo(String name, String yaml, String expected,
                                                             String helmPath) throws IOException {
        Path file = Files.writeString(work.resolve("bad.yaml"), yaml);

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).startsWith(file + ":2:").contains(": " + expected);
        assertThatThrownBy(() -> new HelmRenderer(RepoLayout.chart()).render("parity", file))
                .hasMessageContaining(helmPath);
    }

    static Stream<Arguments> badResources() {
        return Stream.of(
                Arguments.of("alpha = 1", "resources:\n  alpha: 1\n", ".resources.alpha: expected a number < 1, found 1"),
                Arguments.of("alpha < 0", "resources:\n  alpha: -0.1\n", ".resources.alpha: expected a number >= 0, found -0.1"),
                Arguments.of("12XB", "resources:\n  required:\n    memory: 12XB\n",
                        ".resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"12XB\""),
                Arguments.of("cpu -1", "resources:\n  required:\n    cpu: -1\n",
                        ".resources.required.cpu: expected a number > 0, found -1"),
                Arguments.of("cpu \"-1\"", "resources:\n  required:\n    cpu: \"-1\"\n",
                        ".resources.required.cpu: must be greater than zero, found \"-1\""),
                Arguments.of("too large", "resources:\n  limits:\n    memory: 5Ti\n",
                        ".resources.limits.memory: must be at most 4Ti, found \"5Ti\""),
                Arguments.of("alpha decimals", "resources:\n  alpha: 0.12345\n", ".resources.alpha: "),
                Arguments.of("HAProxy too large", "architecture: sentinel\nhaproxy:\n  resources:\n    limits:\n      memory: 5Ti\n",
                        ".haproxy.resources.limits.memory: must be at most 4Ti, found \"5Ti\""),
                Arguments.of("HAProxy cpu \"0m\"", "architecture: sentinel\nhaproxy:\n  resources:\n    required:\n      cpu: 0m\n",
                        ".haproxy.resources.required.cpu: must be greater than zero, found \"0m\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badResources")
    void badSizingValuesAreRefusedByValidateAndByHelm(String name, String yaml, String expected) throws IOException {
        Path file = Files.writeString(work.resolve("sizing.yaml"), yaml);

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).startsWith(file + ":").contains(": " + expected);
        assertThat(result.err().substring(file.toString().length())).matches("(?s):[2-5]:[3-7]: .*");
        assertThatThrownBy(() -> new HelmRenderer(RepoLayout.chart()).render("parity", file))
                .hasMessageContaining("resources");
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() throws IOException {
        Path file = Files.writeString(work.resolve("bad.yaml"), "auth:\n  enabled: 1\nredis:\n  port: 99999\nbogus: 1\n");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err().lines()).as("in the order of the file").containsExactly(
                file + ":2:3: .auth.enabled: expected boolean, found 1",
                file + ":4:3: .redis.port: expected a number <= 65535, found 99999",
                file + ":5:1: .bogus: unknown key; expected one of " + topLevelKeys());
    }

    @Test
    void crossFieldProblemsAreReportedWithTypeErrorsInOneRun() throws IOException {
        Path file = Files.writeString(work.resolve("both.yaml"),
                "auth:\n  enabled: false\n  password: s3cret\nredis:\n  port: 99999\nreplica:\n  replicaCount: two\n");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.err().lines()).containsExactly(
                file + ":3:3: .auth.password: is set but auth.enabled is false; set auth.enabled=true or remove auth.password",
                file + ":5:3: .redis.port: expected a number <= 65535, found 99999",
                file + ":7:3: .replica.replicaCount: expected integer, found \"two\"");
    }

    @Test
    void laterFilesWinAndViolationsNameTheFileThatSetTheValue() throws IOException {
        Path base = Files.writeString(work.resolve("base.yaml"), "auth:\n  enabled: false\nredis:\n  port: 7000\n");
        Path override = Files.writeString(work.resolve("override.yaml"), "redis:\n  port: 1\n");

        Cli.Result result = Cli.run("validate", "-f", base.toString(), "-f", override.toString(),
                "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err().strip()).isEqualTo(override + ":2:3: .redis.port: expected a number >= 1024, found 1");
    }

    @Test
    void validFilesPass() throws IOException {
        Path file = Files.writeString(work.resolve("good.yaml"), "auth:\n  enabled: false\npersistence:\n  enabled: false\n");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("valid");
    }

    @Test
    void malformedYamlNamesTheLine() throws IOException {
        Path file = Files.writeString(work.resolve("broken.yaml"), "auth:\n  enabled: true\n   oops: [\n");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).startsWith(file + ":3:").contains("invalid YAML").doesNotContain("\tat ");
    }

    @Test
    void missingFileIsInvalidInputNotACrash() {
        Cli.Result result = Cli.run("validate", "-f", work.resolve("nope.yaml").toString(),
                "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("nope.yaml: no such file");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() throws IOException {
        Path file = Files.writeString(work.resolve("list.yaml"), "- a\n- b\n");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains(file + ": .: expected a mapping of values, found [\"a\",\"b\"]");
    }

    private static String topLevelKeys() throws IOException {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(RepoLayout.chart().resolve("values.schema.json").toFile());
        return String.join(", ", (Iterable<String>) () -> schema.get("properties").fieldNames());
    }
}
