package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.redischart.chartgen.input.InvalidInputException;

class AlphaTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0", "0.5, 5000", "0.25, 2500", "0.9999, 9999", "1e-04, 1", "2.5E-1, 2500", "0.50000, 5000"})
    void holdsAlphaExactlyInTenThousandths(String text, int tenThousandths) {
        assertThat(Alpha.parse("alpha", text).tenThousandths()).isEqualTo(tenThousandths);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"1", "1.5", "-0.5", "0.12345", "5e-05", "half", "", ".5"})
    void rejectsAnythingOutsideZeroToOneOrFinerThanFourDecimals(String text) {
        assertThatThrownBy(() -> Alpha.parse(".resources.alpha", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(".resources.alpha: expected a number >= 0 and < 1 with at most 4 decimal places, found \""
                        + text + "\"");
    }
}
