package org.redischart.chartgen.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.redischart.chartgen.schema.ValuesSchema;

/**
 * Builds the default values document from the schema: a property's own {@code default}
 * wins; otherwise an object is made of its properties' defaults.
 */
public final class DefaultValues {
    public JsonNode of(ValuesSchema schema) {
        JsonNode value = valueOf(schema, schema.root());
        return value == null ? JsonNodeFactory.instance.objectNode() : value;
    }

    private JsonNode valueOf(ValuesSchema schema, JsonNode node) {
        if (node.has("default")) {
            return node.get("default").deepCopy();
        }
        JsonNode properties = schema.resolve(node).get("properties");
        if (properties == null) {
            return null;
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode child = valueOf(schema, property.getValue());
            if (child != null) {
                object.set(property.getKey(), child);
            }
        }
        return object;
    }
}
