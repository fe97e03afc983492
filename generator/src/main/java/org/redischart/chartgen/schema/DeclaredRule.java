package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One cross-field rule of {@code schema/rules.yaml}: when {@link #when} holds, the values are
 * refused with {@code <blame>: <message>}. {@code chartgen validate} evaluates it here; the
 * generator compiles it into the chart's {@code fail} ({@code render.RuleChecks}).
 *
 * @param kind the refusal it joins: {@code contradiction} (the chart's "contradictory values")
 *     or {@code guarantee} ("values that undo the chart's guarantees")
 * @param blame the value reported, in jq style
 * @param message what is wrong and what to change: text, and {@link Operand}s where it prints a value
 * @param example values that break this rule and no other (the differential test feeds them to both)
 */
public record DeclaredRule(String kind, String blame, Condition when, List<Object> message, String example) {
    /** A placeholder in a message: {@code {.redis.port}}, or {@code {$sentinels}} for a figure under {@code let}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\.[A-Za-z][A-Za-z0-9.]*|\\$[A-Za-z][A-Za-z0-9]*)\\}");

    /** The violation when the rule refuses these values, else null. */
    public Violation check(JsonNode values) {
        return when.holds(values) ? new Violation(blame, message(values)) : null;
    }

    /** The message with each placeholder replaced by its value: a number as an integer, anything else as its text. */
    public String message(JsonNode values) {
        StringBuilder out = new StringBuilder();
        for (Object part : message) {
            if (part instanceof Operand operand) {
                out.append(operand.numeric() ? Long.toString(operand.number(values)) : Conditions.text(operand.value(values)));
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }
}
