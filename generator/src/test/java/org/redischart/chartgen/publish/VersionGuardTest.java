package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionGuardTest {

    @TempDir
    Path tmp;

    private final ChartPackager packager = new ChartPackager();
    private final VersionGuard guard = new VersionGuard("charts/redis");
    private Path chart;
    private Path published;

    @BeforeEach
    void publishVersion010() {
        chart = TestCharts.redis(tmp, "0.1.0");
        published = tmp.resolve("published");
        packager.packageChart(chart, published, Optional.empty());
    }

    @Test
    void passesWhenTheChartIsUnchangedAlthoughTheArchiveBytesDiffer() {
        ChartArchive again = packager.packageChart(chart, tmp.resolve("again"), Optional.empty());

        assertThatCode(() -> guard.check(again, published)).doesNotThrowAnyException();
    }

    @Test
    void failsWithTheBumpMessageWhenATemplateChangesWithoutAVersionBump() {
        TestCharts.replace(chart.resolve("templates/service.yaml"), "kind: Service", "kind: Service # changed");
        ChartArchive changed = packager.packageChart(chart, tmp.resolve("changed"), Optional.empty());

        assertThatThrownBy(() -> guard.check(changed, published))
                .isInstanceOf(PublishException.class)
                .hasMessage("charts/redis differs from the published redis-0.1.0.tgz: bump the version in pom.xml "
                        + "(files: templates/service.yaml)");
    }

    @Test
    void namesAddedAndChangedFilesTogether() {
        TestCharts.replace(chart.resolve("Chart.yaml"), "appVersion: \"7.4\"", "appVersion: \"7.4.1\"");
        TestCharts.replace(chart.resolve("templates/NOTES.txt"), "1.", "One.");
        ChartArchive changed = packager.packageChart(chart, tmp.resolve("changed"), Optional.empty());

        assertThatThrownBy(() -> guard.check(changed, published))
                .hasMessageEndingWith("(files: Chart.yaml, templates/NOTES.txt)");
    }

    @Test
    void passesForAVersionNotYetPublished() {
        TestCharts.setVersion(chart, "0.2.0");
        TestCharts.replace(chart.resolve("templates/service.yaml"), "kind: Service", "kind: Service # changed");
        ChartArchive bumped = packager.packageChart(chart, tmp.resolve("bumped"), Optional.empty());

        assertThatCode(() -> guard.check(bumped, published)).doesNotThrowAnyException();
    }
}
