package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Migration} as a values file of this chart: each value under a comment naming
 * the bitnami value it came from, then a comment block with what was not carried over and the
 * claims to move.
 */
public final class MigrationWriter {
    private final YAMLMapper mapper = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build());

    private final List<String> order;

    /** @param order this chart's top-level value names in the order its values.yaml has them */
    public MigrationWriter(List<String> order) {
        this.order = List.copyOf(order);
    }

    /** @param from how the header names the input file */
    public String write(Migration migration, String from) {
        StringBuilder out = new StringBuilder();
        out.append("# Values of the redis chart, converted from the bitnami/redis values ").append(from)
                .append("\n# by `chartgen migrate --from bitnami`. Each value names the bitnami value it came from;\n")
                .append("# \"(bitnami default)\" marks a bitnami default your file left out, kept so the release behaves the same.\n")
                .append("# Empty bitnami values (\"\", [], {}, null) mean unset in both charts and are not carried.\n");
        writeTree(tree(migration), "", out);
        out.append(notes(migration));
        return out.toString();
    }

    /** The comment block: values not carried over and the claims to move. */
    public String notes(Migration migration) {
        StringBuilder out = new StringBuilder();
        if (!migration.notes().isEmpty()) {
            out.append("\n# Not carried over (no equivalent in this chart), with what to do instead:\n");
            migration.notes().forEach(n -> out.append("# - ").append(n).append('\n'));
        }
        out.append("\n# Keeping the data (chart README, Coming from bitnami/redis): the data sit at the claim's root,\n")
                .append("# owned by uid 1001; podSecurityContext.fsGroup 999 with fsGroupChangePolicy re-groups them on the first start.\n");
        for (ClaimNames claim : migration.claims()) {
            out.append(claim.bitnami().equals(claim.ours())
                    ? "# - reuse " + claim.bitnami() + " with persistence.existingClaim\n"
                    : "# - " + claim.bitnami() + " -> " + claim.ours() + " (rebind its PersistentVolume, see the README)\n");
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree(Migration migration) {
        Map<String, Object> root = new java.util.TreeMap<>(java.util.Comparator.comparingInt(
                (String k) -> order.contains(k) ? order.indexOf(k) : order.size()).thenComparing(k -> k));
        for (Map.Entry<String, Migration.Assigned> e : migration.values().entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            }
            node.put(parts[parts.length - 1], e.getValue());
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private void writeTree(Map<String, Object> node, String indent, StringBuilder out) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (e.getValue() instanceof Migration.Assigned assigned) {
                out.append(indent).append("# from ").append(String.join(", ", assigned.sources())).append('\n');
                yaml(e.getKey(), assigned.value()).lines().forEach(l -> out.append(indent).append(l).append('\n'));
            } else {
                out.append(indent).append(e.getKey()).append(":\n");
                writeTree((Map<String, Object>) e.getValue(), indent + "  ", out);
            }
        }
    }

    private String yaml(String key, JsonNode value) {
        try {
            return mapper.writeValueAsString(JsonNodeFactory.instance.objectNode().set(key, value)).replace("\r\n", "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML for " + key, e);
        }
    }
}
