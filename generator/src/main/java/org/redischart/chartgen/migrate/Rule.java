package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One row of a migration mapping: the source value (a dotted path, whole subtree), the
 * target it usually becomes (null when it has none), how (for the README table), and the
 * conversion.
 *
 * @param source dotted path in the other chart's values, e.g. {@code master.persistence.size}
 * @param target dotted path in this chart's values, or null when there is no equivalent
 * @param how one line for the README table: what the conversion does
 * @param convert the conversion
 */
public record Rule(String source, String target, String how, Convert convert) {
    /** A conversion of one value, which may look at the rest of the input. */
    @FunctionalInterface
    public interface Convert {
        List<Result> apply(JsonNode value, Input input);
    }

    /** The value is copied unchanged. */
    static Rule copy(String source, String target) {
        return new Rule(source, target, "same value", (value, input) -> List.of(Result.set(target, value)));
    }

    /** The value is converted by {@code convert}. */
    static Rule convert(String source, String target, String how, Convert convert) {
        return new Rule(source, target, how, convert);
    }

    /** No equivalent in this chart. */
    static Rule none(String source, String reason, String suggestion) {
        return new Rule(source, null, reason + "; " + suggestion,
                (value, input) -> List.of(Result.missing(reason, suggestion)));
    }
}
