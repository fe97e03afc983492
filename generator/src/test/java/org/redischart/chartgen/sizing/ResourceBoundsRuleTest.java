package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;

/** sentinel.resources, passed through as written: a request above its limit is refused by validate and Helm in the same words. */
class ResourceBoundsRuleTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}: {1} / {2}")
    @CsvSource({
            "cpu, 200m, 100m, sentinel.resources.requests.cpu (200m) must not exceed sentinel.resources.limits.cpu (100m)",
            "cpu, '1', 500m, sentinel.resources.requests.cpu (1000m) must not exceed sentinel.resources.limits.cpu (500m)",
            "cpu, 25m, '0', sentinel.resources.requests.cpu (25m) must not exceed sentinel.resources.limits.cpu (0m)",
            "memory, 1Gi, 512Mi, sentinel.resources.requests.memory (1024Mi) must not exceed sentinel.resources.limits.memory (512Mi)",
            "memory, 3Mi, '2097152', sentinel.resources.requests.memory (3Mi) must not exceed sentinel.resources.limits.memory (2Mi)"})
    void aRequestAboveItsLimitIsRefusedByBothInTheSameWords(String resource, String request, String limit, String message)
            throws IOException {
        Path file = Files.writeString(work.resolve("sentinel.yaml"), "architecture: sentinel\nsentinel:\n  resources:\n"
                + "    requests:\n      " + resource + ": \"" + request + "\"\n    limits:\n      " + resource + ": \"" + limit + "\"\n");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo(file + ":5:7: .sentinel.resources.requests." + resource + ": " + message);
        assertThatThrownBy(() -> new HelmRenderer(RepoLayout.chart()).render("bounds", file)).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}: {1} / {2} on {3}")
    @CsvSource({
            "cpu, 100m, 100m, sentinel",
            "cpu, '0', 100m, sentinel",
            "memory, 64Mi, 64Mi, sentinel",
            "memory, 0Mi, '0', sentinel",
            "cpu, 200m, 100m, replication"})
    void aRequestWithinItsLimitOrANotRenderedSentinelPassesBoth(String resource, String request, String limit,
            String architecture) throws IOException {
        Path file = Files.writeString(work.resolve("fine.yaml"), "architecture: " + architecture + "\nsentinel:\n  resources:\n"
                + "    requests:\n      " + resource + ": \"" + request + "\"\n    limits:\n      " + resource + ": \"" + limit + "\"\n");

        assertThat(Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString()).err()).isEmpty();
        assertThat(new HelmRenderer(RepoLayout.chart()).render("fine", file)).contains("kind: StatefulSet");
    }
}
