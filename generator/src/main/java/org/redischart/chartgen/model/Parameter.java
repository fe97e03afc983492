package org.redischart.chartgen.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the values tree, in schema order.
 *
 * @param path dotted path without a leading dot, e.g. {@code auth.enabled}
 * @param depth nesting level, 0 at the top
 * @param description the schema's description
 * @param type the schema type as users read it, e.g. {@code string}, {@code integer|null}
 * @param defaultValue the default (for a section, the whole default object)
 * @param section whether the entry groups further parameters rather than holding a value
 */
public record Parameter(String path, int depth, String description, String type, JsonNode defaultValue, boolean section) {
    /** The last segment of the path: the key written in values.yaml. */
    public String key() {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
