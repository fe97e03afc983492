package org.redischart.chartgen.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;

/**
 * A values.yaml already read by {@link YamlReader}, stored as JSON with the length and CRC-32 of
 * the bytes it was read from. The build stores one for the chart built into chartgen, so a cold
 * {@code chartgen validate} reads the chart's defaults with Jackson's JSON parser (a few
 * milliseconds) instead of SnakeYAML (about 25 ms for 53 KB on a cold JVM). A cache read from
 * other bytes is never used: {@link #read} then answers null and the caller reads the YAML.
 */
public final class ValuesCache {
    private ValuesCache() {
    }

    /** The cache of {@code valuesYaml}, read as {@link YamlReader} reads it. */
    public static byte[] write(String name, byte[] valuesYaml) {
        JsonNode values = new YamlReader().readTree(name, valuesYaml);
        ObjectMapper json = new ObjectMapper();
        ObjectNode cache = json.createObjectNode();
        cache.put("length", valuesYaml.length);
        cache.put("crc32", crc32(valuesYaml));
        cache.set("values", values);
        try {
            return json.writeValueAsBytes(cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The values tree {@code cache} holds when it was written from exactly {@code valuesYaml}
     * (same length and CRC-32); null when it was not, or cannot be read.
     */
    public static JsonNode read(byte[] cache, byte[] valuesYaml) {
        JsonNode root;
        try {
            root = JsonTrees.readValues(cache);
        } catch (IOException e) {
            return null;
        }
        if (root.path("length").asLong(-1) != valuesYaml.length || root.path("crc32").asLong(-1) != crc32(valuesYaml)
                || !root.path("values").isObject()) {
            return null;
        }
        return root.get("values");
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
