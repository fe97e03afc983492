package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A values file that sets every integer of values.schema.json (arrays included) to its maximum
 * or its minimum, adjusted only where two extremes would contradict each other (Sentinel and
 * Redis share a pod, so their ports differ by one, and so do HAProxy's; Sentinel needs 3 pods;
 * min-replicas-max-lag + 2 s stays within down-after). Written as a file,
 * never with --set: Helm reads files through JSON, so their numbers reach the templates as
 * float64, which is where float notation (3.6e+06) comes from.
 */
public final class ExtremeValues {
    /** Which end of every range. */
    public enum End { MAXIMUM, MINIMUM }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private final JsonNode schema;

    public ExtremeValues(Path chart) {
        try {
            this.schema = JSON.readTree(chart.resolve("values.schema.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every integer the schema bounds, by jq path (".sentinel.failoverTimeout"), at {@code end}. */
    public Map<String, Long> integers(End end) {
        Map<String, Long> found = new TreeMap<>();
        walk(schema, "", end, found);
        return found;
    }

    /** The values: every integer at {@code end}, for {@code architecture}, plus {@code extra} (jq path to value). */
    public ObjectNode values(String architecture, End end, Map<String, Object> extra) {
        ObjectNode root = JSON.createObjectNode();
        integers(end).forEach((path, value) -> put(root, path, value));
        put(root, ".architecture", architecture);
        put(root, ".service.type", "NodePort");
        put(root, ".replica.service.type", "NodePort");
        put(root, ".sentinel.service.type", "NodePort");
        boolean max = end == End.MAXIMUM;
        put(root, ".sentinel.port", root.at("/redis/port").asLong() + (max ? -1 : 1));
        long haproxyPort = root.at("/haproxy/port").asLong();
        put(root, ".haproxy.healthPort", haproxyPort + (max ? -1 : 1));
        put(root, ".haproxy.readOnly.port", haproxyPort + (max ? -2 : 2));
        if (!max && "sentinel".equals(architecture)) {
            put(root, ".replica.replicaCount", 2L);
        }
        if ("sentinel".equals(architecture)) {
            // An isolated primary must stop acknowledging (max-lag + 2 s) before down-after.
            long lag = root.at("/sentinel/downAfterMilliseconds").asLong() / 1000 - 2;
            put(root, ".redis.minReplicasMaxLag", Math.max(1, Math.min(root.at("/redis/minReplicasMaxLag").asLong(), lag)));
        }
        // Integers inside list items come with the item's required strings.
        for (String spread : List.of(".topologySpreadConstraints[0]", ".haproxy.topologySpreadConstraints[0]")) {
            if (found(root, spread)) {
                put(root, spread + ".topologyKey", "kubernetes.io/hostname");
                put(root, spread + ".whenUnsatisfiable", "ScheduleAnyway");
            }
        }
        extra.forEach((path, value) -> put(root, path, value));
        return root;
    }

    private static boolean found(JsonNode root, String jqPath) {
        return !root.at(jqPath.replace("[", ".").replace("]", "").replace('.', '/')).isMissingNode();
    }

    public Path write(ObjectNode values, Path file) {
        try {
            Files.writeString(file, YAML.writeValueAsString(values));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void walk(JsonNode node, String path, End end, Map<String, Long> found) {
        JsonNode resolved = resolve(node);
        if (isInteger(resolved)) {
            JsonNode bound = resolved.has("const") ? resolved.get("const")
                    : resolved.get(end == End.MAXIMUM ? "maximum" : "minimum");
            if (bound != null) {
                found.put(path, bound.asLong());
            }
        }
        resolved.path("properties").properties().forEach(p -> walk(p.getValue(), path + "." + p.getKey(), end, found));
        if (resolved.has("items")) {
            walk(resolved.get("items"), path + "[0]", end, found);
        }
    }

    /** Follows a {@code $ref}, also one values.schema.json wrapped in {@code allOf} (a $ref with validation beside it). */
    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.has("$ref") ? node.get("$ref") : node.path("allOf").path(0).get("$ref");
        return ref != null ? schema.at(ref.asText().substring(1)) : node;
    }

    private static boolean isInteger(JsonNode node) {
        JsonNode type = node.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if ("integer".equals(t.asText())) {
                    return true;
                }
            }
        }
        return "integer".equals(type.asText());
    }

    /** Sets a jq path such as ".tolerations[0].tolerationSeconds", creating objects and arrays. */
    static void put(ObjectNode root, String path, Object value) {
        String[] parts = path.substring(1).replace("[", ".[").split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            boolean nextIsIndex = !last && parts[i + 1].startsWith("[");
            if (parts[i].startsWith("[")) {
                ArrayNode array = (ArrayNode) node;
                int index = Integer.parseInt(parts[i].substring(1, parts[i].length() - 1));
                while (array.size() <= index) {
                    array.add(nextIsIndex ? JSON.createArrayNode() : JSON.createObjectNode());
                }
                if (last) {
                    array.set(index, JSON.valueToTree(value));
                }
                node = array.get(index);
            } else {
                ObjectNode object = (ObjectNode) node;
                if (last) {
                    object.set(parts[i], JSON.valueToTree(value));
                } else if (!object.has(parts[i])) {
                    object.set(parts[i], nextIsIndex ? JSON.createArrayNode() : JSON.createObjectNode());
                }
                node = object.get(parts[i]);
            }
        }
    }
}
