package org.redischart.chartgen.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.schema.ValuesRule;
import org.redischart.chartgen.schema.Violation;

/**
 * What {@code chartgen validate} adds to the schema for a block sized by the margin model
 * ({@code resources}, {@code metrics.resources}, {@code haproxy.resources}): the quantity and α
 * rules the schema's patterns cannot express (zero, negatives, limits, decimal places) and the
 * sizing itself with the chart's preset table (a request above its limit), with the messages
 * {@code _sizing.tpl} gives at install.
 */
public final class ResourcesRule implements ValuesRule {
    private final String block;
    private final PresetTable table;
    private final Predicate<JsonNode> applies;

    /**
     * The Redis container's {@code resources}, resolved as the chart resolves them.
     *
     * @param table the preset table of the chart being validated against ({@link PresetTable#fromChart})
     */
    public ResourcesRule(PresetTable table) {
        this.block = "resources";
        this.table = table;
        this.applies = values -> true;
    }

    /**
     * A sidecar's block, resolved with the same precedence (its limits need no room for maxmemory),
     * only where the chart renders the sidecar: Helm sizes nothing else.
     *
     * @param block the dotted path of the block, e.g. {@code metrics.resources}
     * @param applies whether the values render the sidecar
     */
    public ResourcesRule(String block, PresetTable table, Predicate<JsonNode> applies) {
        this.block = block;
        this.table = table;
        this.applies = applies;
    }

    @Override
    public List<Violation> check(JsonNode values) {
        JsonNode node = values.at("/" + block.replace('.', '/'));
        if (!node.isObject() || !applies.test(values)) {
            return List.of();
        }
        try {
            new SizingResolver(table).resolve(ResourceValues.from(block, plain(node)));
            return List.of();
        } catch (InvalidInputException e) {
            boolean redis = "resources".equals(block);
            return e.problems().stream()
                    .filter(problem -> redis || !problem.contains("must be at least " + SizingResolver.MIN_LIMIT_MEBIBYTES + "Mi"))
                    .map(problem -> redis || !problem.startsWith("resources.") ? problem
                            : problem.replace("resources.", block + "."))
                    .map(this::violation).toList();
        }
    }

    /**
     * The block as maps, lists, strings, numbers and booleans, as Jackson's
     * {@code convertValue(node, Map.class)} gives it (a number keeps its node's Java type), without
     * an {@code ObjectMapper}: a cold {@code chartgen validate} need not initialise one.
     */
    private static Map<String, Object> plain(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.properties().forEach(field -> map.put(field.getKey(), plainValue(field.getValue())));
        return map;
    }

    private static Object plainValue(JsonNode node) {
        if (node.isObject()) {
            return plain(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plainValue(item)));
            return list;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asText();
    }

    /** "resources.required.memory: must be …" → path ".resources.required.memory", message "must be …". */
    private Violation violation(String problem) {
        int figure = problem.indexOf(" (");
        int colon = problem.indexOf(": ");
        if (figure > 0 && (colon < 0 || figure < colon)) {
            // "resources.requests.memory (2048Mi) must not exceed …": a sentence about the resolved figures
            return new Violation("." + problem.substring(0, figure), problem);
        }
        return colon < 0 ? new Violation("." + block, problem)
                : new Violation("." + problem.substring(0, colon), problem.substring(colon + 2));
    }
}
