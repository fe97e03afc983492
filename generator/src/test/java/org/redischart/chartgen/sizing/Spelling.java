package org.redischart.chartgen.sizing;

import java.math.BigDecimal;

/**
 * One value as a user could write it: {@code yaml} is the literal put in values.yaml (quoted
 * string or plain number), {@code java} what the Java side reads (String, or the exact decimal a
 * YAML number stands for).
 */
record Spelling(String yaml, Object java) {
    static Spelling string(String text) {
        return new Spelling("\"" + text + "\"", text);
    }

    /** A plain YAML number; beyond 15 significant digits a float64 cannot hold it, so it stays a string. */
    static Spelling number(String text) {
        BigDecimal value = new BigDecimal(text);
        return value.stripTrailingZeros().precision() > 15 ? string(text) : new Spelling(text, value);
    }

    @Override
    public String toString() {
        return yaml;
    }
}
