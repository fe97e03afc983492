package org.redischart.chartgen.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A values document as read, with where each value starts.
 *
 * @param name how messages name the source (a path, or {@code <stdin>})
 * @param root the values
 * @param positions "line:column" of each value path (".auth.enabled", ".tolerations[0]")
 */
public record YamlDocument(String name, JsonNode root, Map<String, String> positions) {
    public YamlDocument {
        positions = Map.copyOf(positions);
    }

    /** "name:line:column" of the path or its nearest ancestor that has a position; the name alone when none has. */
    public String locate(String path) {
        for (String p = path; !p.isEmpty() && !".".equals(p); ) {
            String position = positions.get(p);
            if (position != null) {
                return name + ":" + position;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
        return name;
    }
}
