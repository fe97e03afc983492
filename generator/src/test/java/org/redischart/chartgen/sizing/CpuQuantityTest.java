package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.input.InvalidInputException;

class CpuQuantityTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "250m, 250m",
        "0.25, 250m",
        "1, 1000m",
        "2.5, 2500m",
        "0.0001, 1m",
        "1e-05, 1m",
        "1.5e+00, 1500m",
        "2.5e-1, 250m",
        "0.5m, 1m",
        "100.000001m, 101m",
        "1024, 1024000m",
        "+1, 1000m",
    })
    void parsesCoresAndMillicoresToWholeMillicoresRoundedUp(String text, String canonical) {
        assertThat(CpuQuantity.parse("c", text)).hasToString(canonical);
    }

    @Test
    void readsYamlNumbers() {
        assertThat(CpuQuantity.parse("c", 0.25)).hasToString("250m");
        assertThat(CpuQuantity.parse("c", 2)).hasToString("2000m");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "250Mi | cpu: expected a Kubernetes CPU quantity such as 250m or 0.5, found \"250Mi\"",
        "1k | cpu: expected a Kubernetes CPU quantity such as 250m or 0.5, found \"1k\"",
        "half | cpu: expected a Kubernetes CPU quantity such as 250m or 0.5, found \"half\"",
        "-250m | cpu: must be greater than zero, found \"-250m\"",
        "0m | cpu: must be greater than zero, found \"0m\"",
        "0.0000000001 | cpu: must have at most 9 decimal places, found \"0.0000000001\"",
        "1025 | cpu: must be at most 1024 cores, found \"1025\"",
        "1024001m | cpu: must be at most 1024 cores, found \"1024001m\"",
    })
    void rejectsWithPathExpectationAndFoundValue(String text, String message) {
        assertThatThrownBy(() -> CpuQuantity.parse("cpu", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(message);
    }
}
