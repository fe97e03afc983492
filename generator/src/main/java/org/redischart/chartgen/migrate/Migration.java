package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The result of a migration: this chart's values (dotted path → value and the bitnami values
 * it came from), what has no equivalent, and the claims to carry the data over.
 */
public record Migration(String architecture, Map<String, Assigned> values, List<Note> notes, List<ClaimNames> claims) {
    /** A value of this chart and the bitnami values it came from. */
    public record Assigned(JsonNode value, List<String> sources) {
    }

    /** A bitnami value with no equivalent: why, and what to do instead. */
    public record Note(String source, String reason, String suggestion) {
        @Override
        public String toString() {
            return source + ": " + reason + "; " + suggestion;
        }
    }
}
