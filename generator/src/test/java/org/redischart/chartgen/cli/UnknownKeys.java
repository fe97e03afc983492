package org.redischart.chartgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Derives, from a values schema, a values file with an unknown key at every strict object level. */
final class UnknownKeys {
    static final String KEY = "zzUnknownKey";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonNode schema;

    UnknownKeys(JsonNode schema) {
        this.schema = schema;
    }

    /**
     * One case per strict level.
     *
     * @param path where the unknown key sits, as messages name it: {@code .imagePullSecrets[0].zzUnknownKey}
     * @param yaml the values file (JSON, which is YAML)
     */
    record Case(String path, String yaml) {
    }

    List<Case> everyLevel() {
        List<Case> cases = new ArrayList<>();
        visit(schema, "", UnaryOperator.identity(), cases);
        return cases;
    }

    /** @param wrap puts a value where this level sits in a whole values document */
    private void visit(JsonNode node, String path, UnaryOperator<JsonNode> wrap, List<Case> cases) {
        // A $ref, also one values.schema.json wraps in allOf (validation keywords beside it).
        JsonNode ref = node.has("$ref") ? node.get("$ref") : node.path("allOf").path(0).get("$ref");
        JsonNode resolved = ref != null ? schema.at(ref.asText().substring(1)) : node;
        if (resolved.has("properties") && resolved.path("additionalProperties").isBoolean()
                && !resolved.path("additionalProperties").asBoolean()) {
            ObjectNode withUnknown = JSON.objectNode().put(KEY, 1);
            cases.add(new Case(path + "." + KEY, wrap.apply(withUnknown).toString()));
        }
        for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
            String key = property.getKey();
            visit(property.getValue(), path + "." + key, v -> wrap.apply(JSON.objectNode().set(key, v)), cases);
        }
        if (resolved.path("items").isObject()) {
            visit(resolved.get("items"), path + "[0]", v -> wrap.apply(JSON.arrayNode().add(v)), cases);
        }
    }
}
