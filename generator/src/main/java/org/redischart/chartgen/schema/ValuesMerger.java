package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Merges values files the way Helm does: maps merge key by key, anything else replaces,
 * and an explicit {@code null} removes the default. A null for a key the defaults do not have
 * stays null (Helm only deletes keys its defaults hold), so the schema sees it.
 */
public final class ValuesMerger {
    public JsonNode merge(JsonNode base, JsonNode override) {
        if (!base.isObject() || !override.isObject()) {
            return override.deepCopy();
        }
        ObjectNode result = ((ObjectNode) base).deepCopy();
        for (Map.Entry<String, JsonNode> entry : override.properties()) {
            JsonNode current = result.get(entry.getKey());
            if (entry.getValue().isNull() && current != null) {
                result.remove(entry.getKey());
            } else if (current != null && current.isObject() && entry.getValue().isObject()) {
                result.set(entry.getKey(), merge(current, entry.getValue()));
            } else {
                result.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        return result;
    }
}
