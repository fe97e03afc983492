package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.input.InvalidInputException;

class MemoryQuantityTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "256Mi, 256Mi",
        "1Gi, 1024Mi",
        "1.5Gi, 1536Mi",
        "0.5Ti, 524288Mi",
        "4Ti, 4194304Mi",
        "1024Ki, 1Mi",
        "1025Ki, 2Mi",
        "268435456, 256Mi",
        "268435457, 257Mi",
        "2.68435456e+08, 256Mi",
        "129e6, 124Mi",
        "129E6, 124Mi",
        "1, 1Mi",
        "0.5, 1Mi",
        "1e-05, 1Mi",
        "512M, 489Mi",
        "1G, 954Mi",
        "1k, 1Mi",
        "4T, 3814698Mi",
        "+64Mi, 64Mi",
        "000128Mi, 128Mi",
        "1.000000001Gi, 1025Mi",
        "1.00000000000Gi, 1024Mi",
    })
    void parsesEverySpellingToWholeMebibytesRoundedUp(String text, String canonical) {
        assertThat(MemoryQuantity.parse("m", text)).hasToString(canonical);
    }

    @Test
    void readsYamlNumbersByTheirDecimalValue() {
        assertThat(MemoryQuantity.parse("m", 268435456)).hasToString("256Mi");
        assertThat(MemoryQuantity.parse("m", 2.68435456e8)).hasToString("256Mi");
        assertThat(MemoryQuantity.parse("m", new BigDecimal("1.5E+9"))).hasToString("1431Mi");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "12XB | .resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"12XB\"",
        "'' | .resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"\"",
        "1.5 Gi | .resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"1.5 Gi\"",
        "1e3Mi | .resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"1e3Mi\"",
        "1e100 | .resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"1e100\"",
        "1Pi | .resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"1Pi\"",
        ".5Gi | .resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \".5Gi\"",
        "100m | .resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"100m\"",
        "-1Gi | .resources.required.memory: must be greater than zero, found \"-1Gi\"",
        "0 | .resources.required.memory: must be greater than zero, found \"0\"",
        "0.0Mi | .resources.required.memory: must be greater than zero, found \"0.0Mi\"",
        "1e-10 | .resources.required.memory: must have at most 9 decimal places, found \"1e-10\"",
        "1.0000000001Mi | .resources.required.memory: must have at most 9 decimal places, found \"1.0000000001Mi\"",
        "4.000000001Ti | .resources.required.memory: must be at most 4Ti, found \"4.000000001Ti\"",
        "4097Gi | .resources.required.memory: must be at most 4Ti, found \"4097Gi\"",
        "99999999999999999999999999Mi | .resources.required.memory: must be at most 4Ti, found \"99999999999999999999999999Mi\"",
    })
    void rejectsWithPathExpectationAndFoundValue(String text, String message) {
        assertThatThrownBy(() -> MemoryQuantity.parse(".resources.required.memory", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(message);
    }

    @Test
    void rendersRedisMaxmemoryInMegabytesThatRedisReadsAsMebibytes() {
        assertThat(MemoryQuantity.ofMebibytes(768).redisForm()).isEqualTo("768mb");
    }
}
