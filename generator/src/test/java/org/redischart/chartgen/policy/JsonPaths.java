package org.redischart.chartgen.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds where a key occurs in a tree, as jq-style paths, to point at what a message names. */
final class JsonPaths {
    private JsonPaths() {
    }

    static List<String> ofKey(JsonNode root, String key) {
        List<String> found = new ArrayList<>();
        collect(root, key, "", found);
        return found;
    }

    private static void collect(JsonNode node, String key, String path, List<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path + "." + field.getKey();
                if (field.getKey().equals(key)) {
                    found.add(child);
                }
                collect(field.getValue(), key, child, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), key, path + "[" + i + "]", found);
            }
        }
    }
}
