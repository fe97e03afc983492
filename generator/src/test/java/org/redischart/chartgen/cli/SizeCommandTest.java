package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SizeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new SizeCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void printsTheDesignArticleExampleAsYaml() {
        assertThat(run("--memory", "256Mi", "--cpu", "250m", "--alpha", "0.5")).isZero();
        assertThat(out.toString()).isEqualTo("""
                requests:
                  cpu: 125m
                  memory: 128Mi
                limits:
                  cpu: 250m
                  memory: 256Mi
                maxmemory: 128mb
                """);
        assertThat(err.toString()).isEmpty();
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
