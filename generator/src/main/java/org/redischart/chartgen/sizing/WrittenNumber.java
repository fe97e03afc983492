package org.redischart.chartgen.sizing;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * The exact decimal a quantity spells before its unit suffix, with the exponent already applied.
 * The acceptance rules here are mirrored line by line in {@code _sizing.tpl}.
 */
record WrittenNumber(BigDecimal value, String suffix) {
    /** Kubernetes itself keeps quantities to nano precision; finer digits are a typo, not a size. */
    static final int MAX_DECIMAL_PLACES = 9;

    /**
     * The syntax of a quantity with the given unit alternatives, as one RE2- and Java-compatible
     * regex, the same text in _sizing.tpl and the values schema. Groups: 1 sign, 2 mantissa,
     * 3 fraction, 4 exponent or unit, 5 exponent digits. Exponent and unit exclude each other.
     */
    static String syntax(String units) {
        return "^([+-]?)([0-9]+(\\.[0-9]+)?)([eE]([+-]?[0-9]{1,2})|" + units + ")?$";
    }

    static WrittenNumber parse(String path, String text, Pattern pattern, String expected) {
        Matcher m = pattern.matcher(text);
        if (!m.matches()) {
            throw new InvalidInputException(path + ": expected " + expected + ", found \"" + text + "\"");
        }
        BigDecimal value = new BigDecimal(m.group(2));
        String unit = m.group(4) == null ? "" : m.group(4);
        if (m.group(5) != null) {
            value = value.scaleByPowerOfTen(Integer.parseInt(m.group(5)));
            unit = "";
        }
        if (m.group(1).equals("-") || value.signum() == 0) {
            throw new InvalidInputException(path + ": must be greater than zero, found \"" + text + "\"");
        }
        if (value.stripTrailingZeros().scale() > MAX_DECIMAL_PLACES) {
            throw new InvalidInputException(path + ": must have at most " + MAX_DECIMAL_PLACES
                    + " decimal places, found \"" + text + "\"");
        }
        return new WrittenNumber(value, unit);
    }

    /** Values arrive as YAML strings or numbers; a number is read by its shortest decimal spelling. */
    static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).toString();
        }
        return String.valueOf(value);
    }
}
