package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;

/** Whether a dotted values path is a value of a chart, by its values.schema.json. */
public final class SchemaPaths {
    private final JsonNode schema;

    public SchemaPaths(JsonNode schema) {
        this.schema = schema;
    }

    /** The top-level value names in schema order. */
    public java.util.List<String> topLevel() {
        java.util.List<String> names = new java.util.ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    public boolean has(String dotted) {
        return !node(dotted).isMissingNode();
    }

    /** The schema of a dotted values path, references followed; missing when the chart has no such value. */
    public JsonNode node(String dotted) {
        JsonNode node = schema;
        for (String part : dotted.split("\\.")) {
            node = resolve(node).path("properties").path(part);
            if (node.isMissingNode()) {
                return node;
            }
        }
        return resolve(node);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        return ref.isTextual() && ref.asText().startsWith("#/") ? schema.at(ref.asText().substring(1)) : node;
    }
}
