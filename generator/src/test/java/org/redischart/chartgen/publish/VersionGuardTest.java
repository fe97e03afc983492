package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
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
        TestCharts.appendComment(chart.resolve("templates/redis-service.yaml"), "changed");
        ChartArchive changed = packager.packageChart(chart, tmp.resolve("changed"), Optional.empty());

        assertThatThrownBy(() -> guard.check(changed, published))
                .isInstanceOf(PublishException.class)
                .hasMessage("charts/redis differs from the published redis-0.1.0.tgz: bump the version in pom.xml "
                        + "(files: templates/redis-service.yaml)");
    }

    @Test
    void namesAddedRemovedAndChangedFilesTogether() throws Exception {
        TestCharts.setAppVersion(chart, "9.9.9");
        Files.writeString(chart.resolve("templates/redis-extra-configmap.yaml"), "# added\n");
        Files.delete(chart.resolve("templates/NOTES.txt"));
        ChartArchive changed = packager.packageChart(chart, tmp.resolve("changed"), Optional.empty());

        assertThatThrownBy(() -> guard.check(changed, published))
                .hasMessageEndingWith("(files: Chart.yaml, templates/NOTES.txt, templates/redis-extra-configmap.yaml)");
    }

    @Test
    void passesForAVersionNotYetPublished() {
        TestCharts.setVersion(chart, "0.2.0");
        TestCharts.appendComment(chart.resolve("templates/redis-service.yaml"), "changed");
        ChartArchive bumped = packager.packageChart(chart, tmp.resolve("bumped"), Optional.empty());

        assertThatCode(() -> guard.check(bumped, published)).doesNotThrowAnyException();
    }
}
