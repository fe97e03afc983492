package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SizingChartTest {
    @Test
    void defaultValuesGiveTheDesignArticleFigures() {
        String out = SizingChart.render(null, Map.of());
        System.out.println(out);
        assertThat(SizingChart.sized(out)).isEqualTo(
                "requests: cpu: 125m memory: 128Mi limits: cpu: 250m memory: 256Mi maxmemory: 128mb");
    }
}
