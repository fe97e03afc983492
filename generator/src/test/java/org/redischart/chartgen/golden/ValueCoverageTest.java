package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.Scenarios;

/**
 * Every leaf value of the schema is set to a non-default value by at least one golden scenario,
 * and taking it out of that scenario changes what Helm renders (hook objects included): so a
 * new value cannot ship without a scenario that pins what it does. A value that cannot change
 * the rendered objects is listed in {@link #NO_RENDERED_EFFECT} with the reason.
 */
class ValueCoverageTest {
    /**
     * Values no golden scenario holds at a non-default value, each with the reason: no rendered
     * effect, or every non-default value breaks a check all scenarios must pass. Values whose
     * schema is a {@code const} have no other value and are never listed.
     */
    static final Map<String, String> NO_RENDERED_EFFECT = Map.ofEntries(
            Map.entry("containerSecurityContext.readOnlyRootFilesystem",
                    "its only other value (false) breaks the read-only root filesystem policy every scenario passes; PolicyChecksTest's counterexample covers it"),
            Map.entry("livenessProbe.enabled",
                    "false breaks the liveness-probe policy every scenario passes (readinessProbe.enabled=false in tuned-redis is a known violation)"),
            Map.entry("networkPolicy.enabled",
                    "false breaks the NetworkPolicy coverage policy every scenario passes; NetworkPolicyTest renders it off"),
            Map.entry("metrics.prometheusRule.alerts.RedisAOFRewriteFailing.threshold",
                    "the alert's expression has no threshold; the key comes with the shared $defs/alert shape"),
            Map.entry("metrics.prometheusRule.alerts.RedisRDBLastSaveFailed.threshold",
                    "the alert's expression has no threshold; the key comes with the shared $defs/alert shape"),
            Map.entry("metrics.prometheusRule.alerts.RedisDown.threshold",
                    "the alert's expression has no threshold; the key comes with the shared $defs/alert shape"),
            Map.entry("metrics.prometheusRule.alerts.RedisMasterLinkDown.threshold",
                    "the alert's expression has no threshold; the key comes with the shared $defs/alert shape"),
            Map.entry("metrics.prometheusRule.alerts.RedisFailoverHappened.threshold",
                    "the alert's expression has no threshold; the key comes with the shared $defs/alert shape"),
            Map.entry("metrics.prometheusRule.alerts.RedisSentinelMastersMismatch.threshold",
                    "the alert's expression has no threshold; the key comes with the shared $defs/alert shape"));

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String RELEASE = "coverage";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;
    private final java.util.Set<String> storedSecrets = new java.util.HashSet<>();

    @Test
    void everySchemaValueIsSetByAScenarioThatChangesTheRenderedChart() throws IOException {
        JsonNode schema = YAML.readTree(RepoLayout.schema().resolve("values.schema.yaml").toFile());
        JsonNode defaults = YAML.readTree(RepoLayout.chart().resolve("values.yaml").toFile());
        List<String> leaves = new ArrayList<>();
        collectLeaves(schema, schema, "", leaves);
        Map<String, JsonNode> scenarios = new LinkedHashMap<>();
        for (Path dir : Scenarios.goldenDirs()) {
            JsonNode values = YAML.readTree(dir.resolve("values.yaml").toFile());
            scenarios.put(dir.getFileName().toString(), values == null || !values.isObject() ? YAML.createObjectNode() : values);
        }
        HelmRenderer helm = new HelmRenderer(Scenarios.chartWithHooksKept(work));
        Map<String, String> renders = new LinkedHashMap<>();

        List<String> problems = new ArrayList<>();
        int covered = 0;
        int fixed = 0;
        for (String leaf : leaves) {
            if (isConst(schema, leaf)) {
                fixed++;
                continue;
            }
            JsonNode fallback = at(defaults, leaf).orElse(NullNode.getInstance());
            List<String> setBy = scenarios.entrySet().stream()
                    .filter(s -> at(s.getValue(), leaf).filter(v -> !v.equals(fallback)).isPresent())
                    .map(Map.Entry::getKey).toList();
            boolean exempt = NO_RENDERED_EFFECT.containsKey(leaf);
            if (setBy.isEmpty() && !exempt) {
                problems.add(leaf + ": no golden scenario sets it to a non-default value; add "
                        + "generator/src/test/resources/golden/<scenario>/values.yaml setting it, then make golden");
                continue;
            }
            if (exempt) {
                continue;
            }
            Optional<String> changed = setBy.stream().filter(name -> {
                String with = renders.computeIfAbsent(name, n -> render(helm, scenarios.get(n)));
                return !with.equals(render(helm, without(scenarios.get(name), leaf)));
            }).findFirst();
            if (changed.isPresent()) {
                covered++;
            } else {
                problems.add(leaf + ": set by " + setBy + " but taking it out changes no rendered object; "
                        + "make a scenario show its effect, or list it in ValueCoverageTest.NO_RENDERED_EFFECT with the reason");
            }
        }
        System.out.printf("value coverage: %d schema values, %d with a scenario that changes the render, %d listed in NO_RENDERED_EFFECT, %d const, %d scenarios%n",
                leaves.size(), covered, NO_RENDERED_EFFECT.size(), fixed, scenarios.size());
        assertThat(NO_RENDERED_EFFECT.keySet()).as("listed values that are not in the schema").isSubsetOf(leaves);
        assertThat(problems).as("values without a golden scenario that shows their effect").isEmpty();
    }

    /** Leaves of the values tree the schema describes: a property whose schema (after $ref) has no properties of its own. */
    static void collectLeaves(JsonNode root, JsonNode node, String path, List<String> leaves) {
        JsonNode resolved = resolve(root, node);
        JsonNode properties = resolved.get("properties");
        if (properties == null || properties.isEmpty()) {
            leaves.add(path);
            return;
        }
        properties.properties().forEach(p -> collectLeaves(root, p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), leaves));
    }

    /** Whether the schema fixes this leaf to one value ({@code const}). */
    private static boolean isConst(JsonNode schema, String leaf) {
        JsonNode node = schema;
        for (String key : leaf.split("\\.")) {
            node = resolve(schema, node).path("properties").path(key);
        }
        return node.has("const") || resolve(schema, node).has("const");
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref != null && ref.asText().startsWith("#/") ? root.at(ref.asText().substring(1)) : node;
    }

    static Optional<JsonNode> at(JsonNode values, String leaf) {
        JsonNode node = values;
        for (String key : leaf.split("\\.")) {
            if (node == null || !node.isObject() || !node.has(key)) {
                return Optional.empty();
            }
            node = node.get(key);
        }
        return Optional.of(node);
    }

    private static JsonNode without(JsonNode values, String leaf) {
        JsonNode copy = values.deepCopy();
        int dot = leaf.lastIndexOf('.');
        JsonNode parent = dot < 0 ? copy : at(copy, leaf.substring(0, dot)).orElseThrow();
        ((ObjectNode) parent).remove(leaf.substring(dot + 1));
        return copy;
    }

    /** The release Helm renders for these values; a refusal counts as a render (its message). */
    private String render(HelmRenderer helm, JsonNode values) {
        try {
            Path file = Files.createTempFile(work, "values", ".yaml");
            Files.writeString(file, YAML.writeValueAsString(values));
            String rendered = helm.render(RELEASE, file);
            // The generated password must not count as a change: keep it in the cluster, as an
            // upgrade would, and render again when this render made a new one.
            List<String> newSecrets = Manifests.parse(rendered).ofKind("Secret").stream()
                    .map(secret -> secret.path("metadata").path("name").asText()).filter(storedSecrets::add).toList();
            if (newSecrets.isEmpty()) {
                return rendered;
            }
            newSecrets.forEach(name -> api.putSecret(HelmRenderer.NAMESPACE, name, "redis-password", "coverage-password"));
            return helm.render(RELEASE, file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            return "refused: " + e.getMessage();
        }
    }
}
