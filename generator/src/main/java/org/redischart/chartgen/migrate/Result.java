package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;

/** What one rule makes of one bitnami value: a value of this chart, or no equivalent. */
public sealed interface Result {
    /**
     * Sets {@code target} (a dotted path of this chart's values) to {@code value}; {@code source}
     * names where it came from when that is narrower than the rule's source (null otherwise).
     */
    record Set(String target, JsonNode value, String source) implements Result {
    }

    /** No equivalent: why, and what to do instead. */
    record Missing(String reason, String suggestion, String source) implements Result {
    }

    static Result set(String target, JsonNode value) {
        return new Set(target, value, null);
    }

    static Result set(String target, JsonNode value, String source) {
        return new Set(target, value, source);
    }

    static Result missing(String reason, String suggestion) {
        return new Missing(reason, suggestion, null);
    }
}
