package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * bitnami/valkey values: bitnami/redis's layout with Valkey's names ({@code primary} for
 * {@code master}, {@code valkey} for {@code redis}: {@code containerPorts.valkey},
 * {@code global.valkey.password}, {@code sentinel.primarySet}...). They are read as bitnami/redis
 * values once renamed, and every message names the value as the file spells it.
 */
final class BitnamiValkey {
    /** bitnami/valkey key → the bitnami/redis key of the same value. */
    private static final Map<String, String> KEYS = Map.of(
            "primary", "master",
            "primarySet", "masterSet",
            "primaryService", "masterService",
            "externalPrimary", "externalMaster",
            "valkey", "redis",
            "valkeyShutdownWaitFailover", "redisShutdownWaitFailover");
    private static final Map<String, String> BACK = KEYS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private BitnamiValkey() {
    }

    /**
     * Whether the values are bitnami/valkey's: its image (bitnami/valkey, the sentinel's
     * bitnami/valkey-sentinel), or a key only bitnami/valkey has at the top (primary) or for its
     * password (global.valkey).
     */
    static boolean is(JsonNode values) {
        return values.at("/image/repository").asText("").contains("valkey")
                || values.at("/sentinel/image/repository").asText("").contains("valkey")
                || values.has("primary") || values.path("global").has("valkey");
    }

    /** The values with bitnami/redis's key names. */
    static ObjectNode renamed(JsonNode values) {
        ObjectNode out = values.deepCopy();
        rename(out);
        return out;
    }

    private static void rename(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.deepCopy().fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String ours = KEYS.get(name);
                if (ours != null && !object.has(ours)) {
                    object.set(ours, object.remove(name));
                }
            }
            object.elements().forEachRemaining(BitnamiValkey::rename);
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(BitnamiValkey::rename);
        }
    }

    /** A dotted source path (with any trailing remark) as the bitnami/valkey file spells it. */
    static String spelled(String source) {
        int end = source.indexOf(' ');
        String path = end < 0 ? source : source.substring(0, end);
        String rest = end < 0 ? "" : source.substring(end);
        return Arrays.stream(path.split("\\.", -1)).map(part -> BACK.getOrDefault(part, part))
                .collect(Collectors.joining(".")) + rest;
    }
}
