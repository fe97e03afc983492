package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/** validate finds its chart in a directory, a packaged .tgz or inside chartgen, and reads values from stdin. */
class ChartSourceTest {
    @TempDir
    Path work;

    @Test
    void theChartBuiltIntoChartgenIsTheCommittedChart() {
        assertThat(TreeCopy.read(ChartSource.bundled())).isEqualTo(TreeCopy.read(RepoLayout.chart()));
    }

    @Test
    void withoutChartOptionValidateUsesTheBuiltInChart() throws IOException {
        Path bad = Files.writeString(work.resolve("bad.yaml"), "persistance:\n  size: 1Gi\n");

        Cli.Result result = Cli.run("validate", "-f", bad.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).isEqualTo(bad + ":1:1: .persistance: unknown key; did you mean persistence?\n");
    }

    @Test
    void aPackagedChartIsValidatedAgainstAsADirectoryIs() throws IOException {
        new Helm(RepoLayout.chart()).packageIt().withDestination(work).call();
        Path tgz;
        try (var files = Files.list(work)) {
            tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
        Path bad = Files.writeString(work.resolve("bad.yaml"), "resources:\n  requests:\n    memory: 2Gi\n  limits:\n    memory: 1Gi\n");
        Path good = Files.writeString(work.resolve("good.yaml"), "architecture: replication\n");

        Cli.Result refused = Cli.run("validate", "-f", bad.toString(), "--chart", tgz.toString());
        Cli.Result accepted = Cli.run("validate", "-f", good.toString(), "--chart", tgz.toString());

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(refused.err()).isEqualTo(bad + ":3:5: .resources.requests.memory: resources.requests.memory (2048Mi) "
                + "must not exceed resources.limits.memory (1024Mi)\n");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
    }

    @Test
    void aMissingChartIsInvalidInput() {
        Cli.Result result = Cli.run("validate", "-f", "x.yaml", "--chart", work.resolve("nope.tgz").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("nope.tgz: no such chart directory or .tgz");
    }

    @Test
    void dashReadsTheValuesFromStandardInput() {
        assertThat(withStdin("auth:\n  enabled: y\n", "validate", "-f", "-").out()).isEqualTo("valid: <stdin>\n");
        Cli.Result refused = withStdin("redis:\n  port: .inf\n", "validate", "-f", "-");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(refused.err()).startsWith("<stdin>:2:9: \".inf\" is YAML for +infinity, which Helm cannot read");
    }

    @Test
    void aFileHoldingOnlyADocumentMarkerIsValidAsInHelm() throws IOException {
        Path dashes = Files.writeString(work.resolve("dashes.yaml"), "---\n");

        assertThat(Cli.run("validate", "-f", dashes.toString()).exitCode()).isZero();
    }

    @Test
    void everyYamlScalarFormGetsAVerdictNotAnInternalError() throws IOException {
        for (String spelling : new String[] {".inf", "-.inf", ".nan", "~", "0x1F", "0o17", "017", "1:30", "0b101",
                "2001-12-14", "2001-12-14t21:59:43.10-05:00", "1e400", "!!binary aGVsbG8=", "y", "off"}) {
            Path file = Files.writeString(work.resolve("scalar.yaml"), "architecture: " + spelling + "\n");
            Cli.Result result = Cli.run("validate", "-f", file.toString());
            assertThat(result.exitCode()).as("%s: %s", spelling, result.err()).isIn(ExitCodes.OK, ExitCodes.INVALID_INPUT);
            assertThat(result.err()).as(spelling).doesNotContain("internal error").doesNotContain("Exception");
        }
    }

    private static Cli.Result withStdin(String text, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return Cli.run(args);
        } finally {
            System.setIn(original);
        }
    }
}
