package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import picocli.CommandLine;

class SizeCommandTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new SizeCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void printsTheDesignArticleExampleAsYamlWithHowEachFigureWasDerived() {
        assertThat(run("--memory", "256Mi", "--cpu", "250m", "--alpha", "0.5")).isZero();
        assertThat(out.toString()).isEqualTo("""
                # Redis requires 256Mi of memory and 250m of CPU; margin share alpha 0.5 (docs/sizing.md):
                # request = required x (1 - alpha), rounded up; limit = required.
                requests:
                  cpu: 125m
                  memory: 128Mi
                limits:
                  cpu: 250m
                  memory: 256Mi
                # maxmemory is the memory request (128Mi), within 50% of the memory limit (resources.maxmemoryPercent):
                # the rest of the limit is headroom for the fork of BGSAVE and AOF rewrite, fragmentation
                # and client buffers, so that Redis is not OOM-killed.
                # For Redis to hold more data, raise --memory: maxmemory is at most 50% of it.
                maxmemory: 128mb
                # The values that give these figures (chartgen validate -f checks a values file):
                #   resources:
                #     required:
                #       cpu: 250m
                #       memory: 256Mi
                #     alpha: 0.5
                """);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMaxmemoryBelowTheRequestSaysTheHeadroomCapSetIt() {
        assertThat(run("--memory", "1Gi", "--alpha", "0.25")).isZero();
        assertThat(out.toString()).contains("""
                # maxmemory is 50% of the memory limit (1024Mi; resources.maxmemoryPercent), below the request (768Mi):
                """).contains("maxmemory: 512mb\n");
    }

    /** The printed values, uncommented into a values file, make the real chart render the printed figures. */
    @ParameterizedTest
    @CsvSource({"1Gi, 500m, --alpha, 0.25", "3Gi, 2, --cpu-alpha, 0.8", "100Mi, 100m, --memory-alpha, 0"})
    void thePrintedValuesGiveThePrintedFiguresInTheRenderedChart(String memory, String cpu, String alphaOption,
            String alphaValue, @TempDir Path dir) throws IOException {
        assertThat(run("--memory", memory, "--cpu", cpu, alphaOption, alphaValue)).isZero();
        String printed = out.toString();
        String values = printed.substring(printed.indexOf("#   resources:")).replaceAll("(?m)^#   ", "");
        Path file = Files.writeString(dir.resolve("values.yaml"), values);
        assertThat(Cli.run("validate", "-f", file.toString()).exitCode()).as(values).isZero();

        Manifests render = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render("my-redis", file));
        JsonNode resources = render.get("StatefulSet", "my-redis").path("spec").path("template").path("spec")
                .path("containers").get(0).path("resources");
        JsonNode figures = new YAMLMapper().readTree(printed);
        assertThat(resources.path("requests")).isEqualTo(figures.path("requests"));
        assertThat(resources.path("limits")).isEqualTo(figures.path("limits"));
        assertThat(render.redisConf("my-redis")).contains("maxmemory " + figures.path("maxmemory").asText() + "\n");
    }

    @Test
    void perResourceAlphaAndJsonOutput() {
        assertThat(run("--memory", "1Gi", "--cpu", "1", "--cpu-alpha", "0.8", "--memory-alpha", "0.25", "-o", "json"))
                .isZero();
        assertThat(out.toString().replaceAll("\\s+", "")).isEqualTo(
                "{\"requests\":{\"cpu\":\"200m\",\"memory\":\"768Mi\"},\"limits\":{\"cpu\":\"1000m\",\"memory\":\"1024Mi\"},"
                        + "\"maxmemory\":\"512mb\"}");
    }

    @Test
    void invalidInputExitsOneWithEveryReasonOnOneLine() {
        assertThat(run("--memory", "12XB", "--alpha", "1.5")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("chartgen size: "
                + "--memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"12XB\"; "
                + "--alpha: expected a number >= 0 and < 1 with at most 4 decimal places, found \"1.5\""
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMemoryWithoutUnitIsRefusedInsteadOfReadAsBytes() {
        assertThat(run("--memory", "100")).isEqualTo(1);
        assertThat(err.toString()).contains("--memory: expected a quantity with a unit (Ki, Mi, Gi, Ti, k, M, G, T)"
                + " such as 256Mi, found \"100\" (a bare number would mean bytes; write 100Mi for mebibytes)");
    }

    @Test
    void requestsEqualToLimitsGetTheHeadroomCappedMaxmemory() {
        assertThat(run("--memory", "1Gi", "--alpha", "0")).isZero();
        assertThat(out.toString()).contains("memory: 1024Mi").contains("maxmemory: 512mb");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("--memroy", "1Gi")).isEqualTo(2);
        assertThat(run("-o", "xml")).isEqualTo(2);
    }
}
