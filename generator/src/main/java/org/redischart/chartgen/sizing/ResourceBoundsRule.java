package org.redischart.chartgen.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.schema.ValuesRule;
import org.redischart.chartgen.schema.Violation;

/**
 * A request above its limit in a resources block the chart passes through as written
 * ({@code sentinel.resources}): Kubernetes refuses such a pod only when it creates it, long after
 * Helm said deployed. {@code redis.sizing.bounds} in {@code _sizing.tpl} refuses the same, in the
 * same words as the margin-model blocks ({@link SizingResolver}).
 */
public final class ResourceBoundsRule implements ValuesRule {
    /** A zero figure (0, 0.0, 0m, 0Mi): never above a limit; as a limit, below every request. */
    private static final Pattern ZERO = Pattern.compile("^0+(\\.0+)?(m|Ki|Mi|Gi|Ti)?$");

    private final String block;
    private final Predicate<JsonNode> applies;

    /**
     * @param block the dotted path of the block, e.g. {@code sentinel.resources}
     * @param applies whether the values render the container the block sizes
     */
    public ResourceBoundsRule(String block, Predicate<JsonNode> applies) {
        this.block = block;
        this.applies = applies;
    }

    @Override
    public List<Violation> check(JsonNode values) {
        JsonNode node = values.at("/" + block.replace('.', '/'));
        List<Violation> violations = new ArrayList<>();
        if (!node.isObject() || !applies.test(values)) {
            return violations;
        }
        for (String resource : List.of("cpu", "memory")) {
            JsonNode request = node.at("/requests/" + resource);
            JsonNode limit = node.at("/limits/" + resource);
            if (!request.isTextual() || !limit.isTextual() || ZERO.matcher(request.asText()).matches()) {
                continue;
            }
            try {
                long requested = canonical(resource, "requests", request.asText());
                long limited = ZERO.matcher(limit.asText()).matches() ? 0 : canonical(resource, "limits", limit.asText());
                if (requested > limited) {
                    String unit = "cpu".equals(resource) ? "m" : "Mi";
                    violations.add(new Violation("." + block + ".requests." + resource, block + ".requests." + resource
                            + " (" + requested + unit + ") must not exceed " + block + ".limits." + resource
                            + " (" + limited + unit + ")"));
                }
            } catch (InvalidInputException e) {
                // the schema's pattern reports a figure that is not a quantity
            }
        }
        return violations;
    }

    /** Whole millicores or mebibytes, rounded up as {@code redis.sizing.quantity} rounds. */
    private long canonical(String resource, String kind, String text) {
        String path = block + "." + kind + "." + resource;
        return "cpu".equals(resource) ? CpuQuantity.parse(path, text).millicores()
                : MemoryQuantity.parse(path, text).mebibytes();
    }
}
