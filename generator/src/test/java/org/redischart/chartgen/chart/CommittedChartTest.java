package org.redischart.chartgen.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/** The committed charts/redis must be exactly what the generator produces from schema/ and templates/. */
class CommittedChartTest {
    @Test
    void committedChartIsWhatTheGeneratorProducesNow() {
        SortedMap<String, String> generated = new ChartGenerator()
                .render(RepoLayout.schema(), RepoLayout.templates(), RepoLayout.root().resolve("CHANGELOG.md"),
                        RepoLayout.chartVersion());
        Map<String, String> committed = TreeCopy.read(RepoLayout.chart());

        TreeSet<String> differing = new TreeSet<>(generated.keySet());
        differing.addAll(committed.keySet());
        differing.removeIf(path -> generated.get(path) != null && generated.get(path).equals(committed.get(path)));

        assertThat(differing)
                .as("charts/redis is out of date; run make chart (differing files)")
                .isEmpty();
    }
}
