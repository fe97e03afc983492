package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.redischart.chartgen.input.YamlLineIndex;

/**
 * The values schema as loaded: valid against the 2020-12 meta-schema, self-contained,
 * with every default valid against its own schema.
 *
 * @param file where it was read from, for messages
 * @param root the schema document
 * @param lines line numbers of the document's keys
 */
public record ValuesSchema(Path file, JsonNode root, YamlLineIndex lines) {
    /** Follows a local {@code $ref} ("#/$defs/probe"); other nodes are returned as they are. */
    public JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null || !ref.asText().startsWith("#")) {
            return node;
        }
        return root.at(ref.asText().substring(1));
    }
}
