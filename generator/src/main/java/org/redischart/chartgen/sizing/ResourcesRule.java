package org.redischart.chartgen.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.schema.InvalidInputException;
import org.redischart.chartgen.schema.ValuesRule;
import org.redischart.chartgen.schema.Violation;

/**
 * What {@code chartgen validate} adds to the schema for a block sized by the margin model
 * ({@code resources}, {@code metrics.resources}, {@code haproxy.resources}): the quantity and α rules the schema's
 * patterns cannot express (zero, negatives, limits, decimal places), with the messages
 * {@code _sizing.tpl} gives at install.
 */
public final class ResourcesRule implements ValuesRule {
    private final String block;
    private final ObjectMapper mapper = new ObjectMapper();

    /** The Redis container's {@code resources}. */
    public ResourcesRule() {
        this("resources");
    }

    /** @param block the dotted path of the block, e.g. {@code metrics.resources} */
    public ResourcesRule(String block) {
        this.block = block;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Violation> check(JsonNode values) {
        JsonNode node = values.at("/" + block.replace('.', '/'));
        if (!node.isObject()) {
            return List.of();
        }
        try {
            ResourceValues.from(block, mapper.convertValue(node, Map.class));
            return List.of();
        } catch (InvalidInputException e) {
            return e.problems().stream().map(this::violation).toList();
        }
    }

    /** "resources.required.memory: must be …" → path ".resources.required.memory", message "must be …". */
    private Violation violation(String problem) {
        int colon = problem.indexOf(": ");
        return colon < 0 ? new Violation("." + block, problem)
                : new Violation("." + problem.substring(0, colon), problem.substring(colon + 2));
    }
}
