package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Visits every subschema of a schema document in document order, with its path in the
 * schema (".properties.auth") and the path of the value it describes (".auth").
 */
public final class SchemaWalker {
    /** Receives each subschema. */
    public interface Visitor {
        void visit(JsonNode node, String schemaPath, String valuePath);
    }

    private static final String[] SINGLE_SUBSCHEMAS = {"items", "additionalProperties", "not", "contains", "propertyNames"};

    public void walk(JsonNode root, Visitor visitor) {
        walk(root, "", ".", visitor);
        JsonNode defs = root.get("$defs");
        if (defs != null) {
            for (Map.Entry<String, JsonNode> def : defs.properties()) {
                walk(def.getValue(), ".$defs." + def.getKey(), "#/$defs/" + def.getKey(), visitor);
            }
        }
    }

    private void walk(JsonNode node, String schemaPath, String valuePath, Visitor visitor) {
        if (!node.isObject()) {
            return;
        }
        visitor.visit(node, schemaPath, valuePath);
        JsonNode properties = node.get("properties");
        if (properties != null) {
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                String child = (".".equals(valuePath) ? "" : valuePath) + "." + p.getKey();
                walk(p.getValue(), schemaPath + ".properties." + p.getKey(), child, visitor);
            }
        }
        for (String keyword : SINGLE_SUBSCHEMAS) {
            JsonNode sub = node.get(keyword);
            if (sub != null && sub.isObject()) {
                String child = "items".equals(keyword) ? valuePath + "[]" : valuePath + "{" + keyword + "}";
                walk(sub, schemaPath + "." + keyword, child, visitor);
            }
        }
    }
}
