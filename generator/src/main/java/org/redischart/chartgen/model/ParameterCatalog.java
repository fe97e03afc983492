package org.redischart.chartgen.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.schema.ValuesSchema;

/**
 * Lists every parameter of the schema in document order. An object whose default is made
 * of its own properties becomes a section; anything else is a single value.
 */
public final class ParameterCatalog {
    public List<Parameter> of(ValuesSchema schema, JsonNode defaults) {
        List<Parameter> parameters = new ArrayList<>();
        collect(schema, schema.root(), defaults, "", 0, parameters);
        return List.copyOf(parameters);
    }

    private void collect(ValuesSchema schema, JsonNode node, JsonNode defaults, String prefix, int depth,
                         List<Parameter> out) {
        JsonNode properties = schema.resolve(node).get("properties");
        if (properties == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode value = defaults == null ? null : defaults.get(property.getKey());
            if (value == null) {
                continue;
            }
            JsonNode child = property.getValue();
            JsonNode resolved = schema.resolve(child);
            String path = prefix + property.getKey();
            boolean section = resolved.has("properties") && value.isObject() && !value.isEmpty()
                    && coversOnlyDeclaredKeys(resolved.get("properties"), value);
            out.add(new Parameter(path, depth, description(child, resolved), typeOf(resolved), value, section));
            if (section) {
                collect(schema, child, value, path + ".", depth + 1, out);
            }
        }
    }

    private static boolean coversOnlyDeclaredKeys(JsonNode properties, JsonNode value) {
        for (Iterator<String> keys = value.fieldNames(); keys.hasNext(); ) {
            if (!properties.has(keys.next())) {
                return false;
            }
        }
        return true;
    }

    private static String description(JsonNode node, JsonNode resolved) {
        JsonNode own = node.get("description");
        JsonNode text = own != null ? own : resolved.get("description");
        return text == null ? "" : text.asText();
    }

    private static String typeOf(JsonNode resolved) {
        JsonNode type = resolved.get("type");
        if (type == null) {
            return "any";
        }
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(t.asText()));
            return String.join("|", names);
        }
        return type.asText();
    }
}
