package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A check of merged values beyond what JSON Schema can say (quantities, contradictions),
 * run by {@link ValuesFileValidator} once the values satisfy the schema.
 */
public interface ValuesRule {
    /** Every problem found in the merged values; empty when there is none. */
    List<Violation> check(JsonNode values);

    /** As {@link #check(JsonNode)}, for rules that compare with the chart's default values. */
    default List<Violation> check(JsonNode values, JsonNode defaults) {
        return check(values);
    }
}
