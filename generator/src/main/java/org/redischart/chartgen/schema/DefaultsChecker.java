package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that every {@code default} in the schema satisfies the subschema it belongs to.
 *
 * <p>All defaults are checked in one validation: a schema whose property {@code dN} is the N-th
 * subschema holding a default (without its default; the root's $defs beside them, so local refs
 * resolve as in the whole schema) validates the object whose {@code dN} is that default. Each
 * subschema then sees its default exactly as it would alone, and the schema validator compiles
 * one schema instead of one per default (about 300), which was most of a warm generate.
 */
final class DefaultsChecker {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ValuesSchema schema;
    private final SchemaValidators validators;

    DefaultsChecker(ValuesSchema schema, SchemaValidators validators) {
        this.schema = schema;
        this.validators = validators;
    }

    List<String> problems() {
        List<String[]> places = new ArrayList<>();
        ObjectNode subschemas = JSON.objectNode();
        ObjectNode defaults = JSON.objectNode();
        new SchemaWalker().walk(schema.root(), (node, schemaPath, valuePath) -> {
            JsonNode value = node.get("default");
            if (value == null) {
                return;
            }
            String key = "d" + places.size();
            places.add(new String[] {schemaPath, valuePath});
            subschemas.set(key, withoutDefault(node));
            defaults.set(key, value);
        });
        if (places.isEmpty()) {
            return List.of();
        }
        ObjectNode combined = JSON.objectNode();
        combined.set("$schema", schema.root().get("$schema"));
        if (schema.root().has("$defs")) {
            combined.set("$defs", schema.root().get("$defs"));
        }
        combined.set("properties", subschemas);
        List<List<Violation>> byDefault = new ArrayList<>();
        places.forEach(place -> byDefault.add(new ArrayList<>()));
        for (Violation v : validators.violations(validators.forSchema(combined), defaults)) {
            int end = 2;
            while (end < v.path().length() && Character.isDigit(v.path().charAt(end))) {
                end++;
            }
            String inner = v.path().substring(end);
            byDefault.get(Integer.parseInt(v.path().substring(2, end)))
                    .add(new Violation(inner.isEmpty() ? "." : inner, v.message()));
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < places.size(); i++) {
            for (Violation v : byDefault.get(i)) {
                String inner = ".".equals(v.path()) ? "" : v.path();
                problems.add(SchemaLoader.at(schema, places.get(i)[0] + ".default") + "default of "
                        + places.get(i)[1] + inner + ": " + v.message());
            }
        }
        return problems;
    }

    /** The subschema without its default (and without $schema, which the combined schema's root declares). */
    private static ObjectNode withoutDefault(JsonNode node) {
        ObjectNode copy = JSON.objectNode();
        for (Map.Entry<String, JsonNode> keyword : node.properties()) {
            if (!"default".equals(keyword.getKey()) && !"$schema".equals(keyword.getKey())) {
                copy.set(keyword.getKey(), keyword.getValue());
            }
        }
        return copy;
    }
}
