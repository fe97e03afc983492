package org.redischart.chartgen.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.schema.ValuesRule;
import org.redischart.chartgen.schema.Violation;

/**
 * What {@code chartgen validate} adds to the schema for {@code resources}: the quantity and α
 * rules the schema's patterns cannot express (zero, negatives, limits, decimal places), with
 * the messages {@code _sizing.tpl} gives at install.
 */
public final class ResourcesRule implements ValuesRule {
    private static final String BLOCK = "resources";
    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    @SuppressWarnings("unchecked")
    public List<Violation> check(JsonNode values) {
        JsonNode block = values.path(BLOCK);
        if (!block.isObject()) {
            return List.of();
        }
        try {
            ResourceValues.from(BLOCK, mapper.convertValue(block, Map.class));
            return List.of();
        } catch (InvalidInputException e) {
            return e.problems().stream().map(ResourcesRule::violation).toList();
        }
    }

    /** "resources.required.memory: must be …" → path ".resources.required.memory", message "must be …". */
    private static Violation violation(String problem) {
        int colon = problem.indexOf(": ");
        return colon < 0 ? new Violation("." + BLOCK, problem)
                : new Violation("." + problem.substring(0, colon), problem.substring(colon + 2));
    }
}
