package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void readsEveryFileHelmPackagedIncludingLongPaths() throws Exception {
        Path chart = TestCharts.redis(tmp, "0.1.0");
        String longName = "templates/" + "a-very-long-template-name-".repeat(6) + "configmap.yaml";
        Files.writeString(chart.resolve(longName), "# long\n");

        ChartArchive archive = new ChartPackager().packageChart(chart, tmp.resolve("out"), Optional.empty());

        assertThat(archive.name()).isEqualTo("redis");
        assertThat(archive.version()).isEqualTo("0.1.0");
        assertThat(archive.files()).containsKeys("Chart.yaml", "values.yaml", "templates/_helpers.tpl", longName);
        assertThat(new String(archive.files().get(longName))).isEqualTo("# long\n");
        assertThat(archive.files().get("values.yaml")).isEqualTo(Files.readAllBytes(chart.resolve("values.yaml")));
    }
}
