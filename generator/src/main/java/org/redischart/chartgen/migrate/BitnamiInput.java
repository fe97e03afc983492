package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * Recognises a bitnami/redis (or bitnami/valkey) values file and completes it with the bitnami defaults that
 * decide behaviour (architecture, replica count, AOF, disabled commands, open NetworkPolicy),
 * so the migrated release behaves as the bitnami one did, not as this chart's defaults would.
 */
public final class BitnamiInput {
    /** Keys only bitnami/redis has at the top level; a file must have one of them. */
    static final Set<String> SIGNATURE = Set.of("architecture", "master", "primary", "replica", "sentinel", "commonConfiguration",
            "auth", "tls", "metrics", "networkPolicy", "global", "volumePermissions", "serviceAccount", "pdb");
    /** Keys of this chart's own values that bitnami/redis does not have. */
    static final Set<String> OURS = Set.of("profile", "redis", "haproxy", "cluster", "persistence", "resources",
            "podDisruptionBudget", "replicaCount");

    /** Defaults of bitnami/redis that change behaviour, as dotted path and value. */
    static final List<Object[]> DEFAULTS = List.of(
            new Object[] {"architecture", "replication"},
            new Object[] {"auth.enabled", true},
            new Object[] {"commonConfiguration", "appendonly yes\nsave \"\"\n"},
            new Object[] {"master.persistence.enabled", true},
            new Object[] {"master.disableCommands", List.of("FLUSHDB", "FLUSHALL")},
            new Object[] {"replica.persistence.enabled", true},
            new Object[] {"replica.replicaCount", 3},
            new Object[] {"replica.disableCommands", List.of("FLUSHDB", "FLUSHALL")},
            new Object[] {"sentinel.quorum", 2},
            new Object[] {"networkPolicy.allowExternal", true});

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private BitnamiInput() {
    }

    /**
     * The input for the rules, or an {@link InvalidInputException} naming {@code file}, what
     * was expected and what was found.
     *
     * @param defaulted receives the dotted paths filled from bitnami's defaults
     */
    public static Input of(String file, JsonNode values, Set<String> defaulted) {
        if (values == null || !values.isObject() || values.isEmpty()) {
            throw new InvalidInputException(file + ": expected a bitnami/redis or bitnami/valkey values file (a YAML mapping with keys such as "
                    + "architecture, auth, master, replica, sentinel), found " + describe(values));
        }
        Set<String> keys = new TreeSet<>();
        values.fieldNames().forEachRemaining(keys::add);
        List<String> ours = keys.stream().filter(OURS::contains).toList();
        if (!ours.isEmpty()) {
            throw new InvalidInputException(file + ": expected a bitnami/redis values file, found keys of this chart's own "
                    + "values (" + String.join(", ", ours) + "); validate it with `chartgen validate -f " + file + "` instead");
        }
        if (keys.stream().noneMatch(SIGNATURE::contains)) {
            throw new InvalidInputException(file + ": expected a bitnami/redis or bitnami/valkey values file (keys such as architecture, "
                    + "auth, master, replica, sentinel, commonConfiguration), found only " + String.join(", ", keys));
        }
        JsonNode architecture = values.path("architecture");
        if (!architecture.isMissingNode() && !Set.of("standalone", "replication").contains(architecture.asText())) {
            throw new InvalidInputException(file + ": .architecture: expected standalone or replication (bitnami/redis), found "
                    + architecture);
        }
        String arch = architecture.asText("replication");
        if ("replication".equals(arch) && values.at("/sentinel/enabled").asBoolean(false)) {
            arch = "sentinel";
        }
        boolean valkey = BitnamiValkey.is(values);
        ObjectNode merged = valkey ? BitnamiValkey.renamed(values) : values.deepCopy();
        for (Object[] d : DEFAULTS) {
            String path = (String) d[0];
            boolean applies = !(path.startsWith("replica.") && "standalone".equals(arch))
                    && !(path.startsWith("sentinel.") && !"sentinel".equals(arch));
            if (applies && merged.at("/" + path.replace('.', '/')).isMissingNode()) {
                put(merged, path, MAPPER.valueToTree(d[1]));
                defaulted.add(path);
            }
        }
        return new Input(merged, arch, valkey ? "valkey" : "redis");
    }

    private static void put(ObjectNode root, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.path(parts[i]);
            if (!child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }

    private static String describe(JsonNode values) {
        if (values == null || values.isMissingNode() || values.isNull() || (values.isObject() && values.isEmpty())) {
            return "an empty document";
        }
        List<String> kinds = new ArrayList<>();
        kinds.add(values.isArray() ? "a list" : "a single value " + values);
        return kinds.get(0);
    }
}
