package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarginModelTest {
    @Test
    void designArticleExample() {
        Resources r = MarginModel.uniform(Alpha.parse("alpha", "0.5")).apply(Figures.of("250m", "256Mi"));
        assertThat(r.requests()).isEqualTo(Figures.of("125m", "128Mi"));
        assertThat(r.limits()).isEqualTo(Figures.of("250m", "256Mi"));
        assertThat(r.redisMaxmemory()).isEqualTo("128mb");
    }

    @ParameterizedTest(name = "required {0}/{1}, alpha {2} -> requests {3}/{4}")
    @CsvSource({
        "250m, 256Mi, 0.5, 125m, 128Mi",
        "1, 1Gi, 0.25, 750m, 768Mi",
        "1m, 1Mi, 0.9999, 1m, 1Mi",
        "3m, 3Mi, 0.5, 2m, 2Mi",
        "333m, 1000Mi, 0.3333, 223m, 667Mi",
        "250m, 256Mi, 0, 250m, 256Mi",
    })
    void requestIsRequiredMinusMarginRoundedUpAndLimitIsRequired(
            String cpu, String memory, String alpha, String requestCpu, String requestMemory) {
        Resources r = MarginModel.uniform(Alpha.parse("alpha", alpha)).apply(Figures.of(cpu, memory));
        assertThat(r.requests()).isEqualTo(Figures.of(requestCpu, requestMemory));
        assertThat(r.limits()).isEqualTo(Figures.of(cpu, memory));
    }

    @Test
    void cpuAndMemoryCanCarryTheirOwnAlpha() {
        MarginModel model = new MarginModel(Alpha.parse("a", "0.8"), Alpha.parse("a", "0.1"));
        Resources r = model.apply(Figures.of("1", "1Gi"));
        assertThat(r.requests()).isEqualTo(Figures.of("200m", "922Mi"));
        assertThat(r.maxmemory()).as("50 %% of the 1024Mi limit, below the 922Mi request").hasToString("512Mi");
    }
}
