package org.redischart.chartgen.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.ChartRules;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/**
 * CONTRIBUTING's "Add a value", replayed on a copy of schema/ and templates/: the schema entry
 * (with its x-redis-directive) and the template line are the only edits, and the new value is
 * refused in redis.extraConfig by validate and Helm alike, mapped by migrate from a bitnami
 * redis.conf line, and on the real-Redis read-back list.
 */
class AddAValueTest {
    private static final String VALUE = """
                  latencyMonitorThreshold:
                    x-redis-directive: latency-monitor-threshold
                    type: integer
                    default: 0
                    minimum: 0
                    maximum: 60000
                    description: Log events slower than this many milliseconds for LATENCY (0 off).
            """;
    private static final String LINE = "  latency-monitor-threshold {{ .Values.redis.latencyMonitorThreshold | int64 }}\n";
    private static final String REFUSAL = ".redis.extraConfig: line 1 sets latency-monitor-threshold, which the chart sets "
            + "itself; use redis.latencyMonitorThreshold instead";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void aValueAddedAsASchemaEntryAndATemplateLineIsGuardedMigratedAndReadBack() throws IOException {
        Path schema = TreeCopy.copy(RepoLayout.schema(), work.resolve("schema"));
        Path templates = TreeCopy.copy(RepoLayout.templates(), work.resolve("templates"));
        insertBefore(schema.resolve("values.schema.yaml"), "      minReplicasToWrite:\n", VALUE);
        insertBefore(templates.resolve("chart/templates/redis-configmap.yaml.peb"), "  # maxmemory is the memory request", LINE);
        Path chart = work.resolve("charts/redis");

        Cli.Result generated = Cli.run("generate", "--schema", schema.toString(), "--templates", templates.toString(),
                "--out", chart.toString(), "--chart-version", RepoLayout.chartVersion());
        assertThat(generated.exitCode()).as(generated.err()).isZero();

        Path set = Files.writeString(work.resolve("set.yaml"), "redis:\n  latencyMonitorThreshold: 250\n");
        HelmRenderer helm = new HelmRenderer(chart);
        String redisConf = Manifests.parse(helm.render("added", set)).redisConf("added-redis");
        assertThat(RenderedConfig.directive(redisConf, "latency-monitor-threshold")).hasValue("250");

        Path extra = Files.writeString(work.resolve("extra.yaml"), "redis:\n  extraConfig: latency-monitor-threshold 5\n");
        Cli.Result validated = Cli.run("validate", "--chart", chart.toString(), "-f", extra.toString());
        assertThat(validated.exitCode()).isEqualTo(1);
        assertThat(validated.err()).contains(REFUSAL);
        assertThat(catchThrowable(() -> helm.render("added", extra))).hasMessageContaining(REFUSAL);

        Path bitnami = Files.writeString(work.resolve("bitnami.yaml"),
                "architecture: standalone\ncommonConfiguration: |\n  latency-monitor-threshold 100\n");
        Cli.Result migrated = Cli.run("migrate", "--from", "bitnami", "--chart", chart.toString(), "-f", bitnami.toString());
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("latencyMonitorThreshold: 100\n").doesNotContain("extraConfig");

        assertThat(ChartRules.of(chart).directives().redis())
                .as("the directives ExtremeValuesRealRedisTest reads back with CONFIG GET")
                .containsEntry("latency-monitor-threshold", "redis.latencyMonitorThreshold");
    }

    private static void insertBefore(Path file, String anchor, String text) throws IOException {
        String content = Files.readString(file);
        assertThat(content).as(file + " has the place CONTRIBUTING names").containsOnlyOnce(anchor);
        Files.writeString(file, content.replace(anchor, text + anchor));
    }
}
