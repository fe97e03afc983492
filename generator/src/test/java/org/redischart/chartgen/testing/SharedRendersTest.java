package org.redischart.chartgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A shared render is read back only while the chart and the values file are the same. */
class SharedRendersTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void aChangedTemplateOrValuesFileIsRenderedAnew() throws IOException {
        Path chart = TreeCopy.copy(RepoLayout.chart(), work.resolve("redis"));
        Path values = Files.writeString(work.resolve("values.yaml"), "architecture: standalone\n");
        String first = new SharedRenders(chart).render("shared", values);
        assertThat(new SharedRenders(chart).render("shared", values)).as("the same chart and values").isEqualTo(first);

        Files.writeString(chart.resolve("templates/zz-probe.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-renders-probe\n");
        String changedChart = new SharedRenders(chart).render("shared", values);
        assertThat(first).doesNotContain("shared-renders-probe");
        assertThat(changedChart).as("a template added to the chart").contains("name: shared-renders-probe");

        Files.writeString(values, "architecture: replication\n");
        assertThat(new SharedRenders(chart).render("shared", values)).as("another values file")
                .contains("name: shared-redis-replica");
    }
}
