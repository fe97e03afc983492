package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chart-testing's version check for this repository: charts/redis must equal its published
 * package in docs/repo unless its version (the Maven project version) is new.
 */
class PublishedChartGuardTest {

    @TempDir
    Path tmp;

    @Test
    void chartsRedisIsUnchangedSinceItsVersionWasPublished() {
        Path root = Path.of(System.getProperty("repo.root", ".."));
        Path chart = root.resolve("charts/redis");
        assumeTrue(Files.isRegularFile(chart.resolve("Chart.yaml")), "charts/redis has not been generated yet");
        ChartArchive candidate = new ChartPackager().packageChart(chart, tmp, Optional.empty());

        try {
            new VersionGuard("charts/redis").check(candidate, root.resolve("docs/repo"));
        } catch (PublishException changedWithoutBump) {
            fail(changedWithoutBump.getMessage());
        }
    }
}
