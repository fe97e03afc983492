package org.redischart.chartgen.sizing;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * The margin share α in [0, 1), held exactly as ten-thousandths so Java and the chart's integer
 * arithmetic agree. More than 4 decimal places is rejected, never rounded: a silent rounding
 * would make the chart's figures differ from what the user wrote.
 */
public record Alpha(int tenThousandths) {
    public static final int SCALE = 10_000;
    /** The accepted syntax (range and decimals are checked after); _sizing.tpl carries this exact regex. */
    public static final String SYNTAX = "^([0-9]+(\\.[0-9]+)?)([eE]([+-]?[0-9]{1,2}))?$";
    private static final Pattern PATTERN = Pattern.compile(SYNTAX);

    public Alpha {
        if (tenThousandths < 0 || tenThousandths >= SCALE) {
            throw new IllegalArgumentException("alpha must be 0..9999 ten-thousandths, found " + tenThousandths);
        }
    }

    public static Alpha ofTenThousandths(int tenThousandths) {
        return new Alpha(tenThousandths);
    }

    /**
     * Parses {@code 0.5}, {@code "0.25"}, {@code 0}, {@code 1e-04} ...
     *
     * @param value a String or a Number as read from YAML
     * @throws InvalidInputException unless 0 <= α < 1 with at most 4 decimal places
     */
    public static Alpha parse(String path, Object value) {
        String text = WrittenNumber.text(value);
        BigDecimal scaled = PATTERN.matcher(text).matches()
                ? new BigDecimal(text).multiply(BigDecimal.valueOf(SCALE)).stripTrailingZeros()
                : null;
        if (scaled == null || scaled.scale() > 0 || scaled.compareTo(BigDecimal.valueOf(SCALE)) >= 0) {
            throw new InvalidInputException(path
                    + ": expected a number >= 0 and < 1 with at most 4 decimal places, found \"" + text + "\"");
        }
        return new Alpha(scaled.intValueExact());
    }

    /** The request for a required amount: ceil(required × (1 − α)), in integer arithmetic. */
    long request(long required) {
        return (required * (SCALE - tenThousandths) + SCALE - 1) / SCALE;
    }

    @Override
    public String toString() {
        return BigDecimal.valueOf(tenThousandths, 4).stripTrailingZeros().toPlainString();
    }
}
