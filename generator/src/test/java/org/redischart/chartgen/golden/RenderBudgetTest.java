package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/**
 * The render-time guard: a regression that makes every {@code helm install} slower shows up
 * in {@code make test} without timing anything. It counts the named templates ({@code define}
 * bodies, run by {@code include} or {@code template}) the default render executes, in a copy
 * of the chart whose every define first asks the in-test API server for a Secret named after
 * it (Helm's {@code lookup}: one recorded request per execution); the copy renders exactly
 * what the chart renders. And it bounds values.schema.json, which Helm compiles on every
 * install and upgrade. The budgets are well above today's figures (printed): the chart keeps
 * growing; a jump past them (a helper called per object that used to be called once, a
 * schema that repeats instead of sharing {@code $defs}) is what this catches. Timing figures
 * are in {@code make bench}.
 */
class RenderBudgetTest {
    /**
     * Executions of named templates in the default render: 206 on 2026-11-30 (issue 18), before
     * the TLS/ACL and pod values of 0.2.0 landed; about 45 % headroom for them.
     */
    static final int MAX_TEMPLATE_EXECUTIONS = 300;
    /** Executions in the heaviest render (sentinel with HAProxy, metrics, NetworkPolicy): 591 on 2026-11-30, ~35 % headroom. */
    static final int MAX_TEMPLATE_EXECUTIONS_ANY = 800;
    /** Bytes of values.schema.json: 81,440 on 2026-11-30, before the TLS/ACL/pod values of 0.2.0; ~2× headroom. */
    static final int MAX_SCHEMA_BYTES = 160_000;

    private static final String COUNTING_NAMESPACE = "template-count";
    private static final Pattern DEFINE = Pattern.compile("\\{\\{-?\\s*define\\s+\"([^\"]+)\"\\s*(-?)}}");
    private static final Pattern COUNTED = Pattern.compile(
            "/api/v1/namespaces/" + COUNTING_NAMESPACE + "/secrets/([^?]+)");
    /** A fixed password: the copy and the chart must render the same text. */
    private static final Map<String, Object> FIXED_PASSWORD = Map.of("auth.password", "budget");

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void defaultRenderStaysWithinItsTemplateBudget() throws IOException {
        Path counting = countingCopy();
        Map<String, Long> executions = executions(counting, Map.of());
        long total = executions.values().stream().mapToLong(Long::longValue).sum();
        System.out.println("render budget: default render executes " + total + " named templates (budget "
                + MAX_TEMPLATE_EXECUTIONS + "); most run: " + top(executions));

        assertThat(comparable(new HelmRenderer(counting).render("budget", null, FIXED_PASSWORD)))
                .as("the counting copy renders what the chart renders")
                .isEqualTo(comparable(new HelmRenderer(RepoLayout.chart()).render("budget", null, FIXED_PASSWORD)));
        assertThat(total).as("named templates executed by the default render").isPositive()
                .isLessThanOrEqualTo(MAX_TEMPLATE_EXECUTIONS);
    }

    @Test
    void heaviestRenderStaysWithinItsTemplateBudget() throws IOException {
        Map<String, Object> heaviest = Map.of("architecture", "sentinel", "haproxy.enabled", true,
                "metrics.enabled", true, "metrics.serviceMonitor.enabled", true, "metrics.prometheusRule.enabled", true,
                "networkPolicy.enabled", true);
        Map<String, Long> executions = executions(countingCopy(), heaviest);
        long total = executions.values().stream().mapToLong(Long::longValue).sum();
        System.out.println("render budget: sentinel + HAProxy + metrics executes " + total + " named templates (budget "
                + MAX_TEMPLATE_EXECUTIONS_ANY + "); most run: " + top(executions));

        assertThat(total).isLessThanOrEqualTo(MAX_TEMPLATE_EXECUTIONS_ANY);
    }

    @Test
    void valuesSchemaStaysWithinItsSize() throws IOException {
        long bytes = Files.size(RepoLayout.chart().resolve("values.schema.json"));
        System.out.println("render budget: values.schema.json is " + bytes + " bytes (budget " + MAX_SCHEMA_BYTES + ")");

        assertThat(bytes).as("bytes of values.schema.json, which Helm compiles on every render")
                .isLessThanOrEqualTo(MAX_SCHEMA_BYTES);
    }

    /**
     * Under draft-07, the dialect values.schema.json declares, shared subschemas live in
     * {@code definitions}: Helm's validator indexes them up front. Left in 2020-12's
     * {@code $defs}, each first {@code $ref} into one made it copy its whole index of the
     * document's subschemas, about a tenth of every default render (measured in issue 18).
     */
    @Test
    void valuesSchemaKeepsSharedSubschemasWhereDraft07LooksForThem() throws IOException {
        JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(RepoLayout.chart().resolve("values.schema.json").toFile());
        List<String> refs = new ArrayList<>();
        collectRefs(schema, refs);

        assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        assertThat(schema.has("$defs")).as("values.schema.json has a $defs, which draft-07 does not know").isFalse();
        assertThat(refs).as("$refs of values.schema.json").isNotEmpty()
                .allSatisfy(ref -> assertThat(ref).startsWith("#/definitions/"))
                .allSatisfy(ref -> assertThat(schema.at(ref.substring(1)).isObject())
                        .as("%s resolves in the file", ref).isTrue());
    }

    private static void collectRefs(JsonNode node, List<String> into) {
        if (node.has("$ref")) {
            into.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, into));
    }

    /** Named template → executions in one render of the counting copy with {@code sets}. */
    private static Map<String, Long> executions(Path countingChart, Map<String, Object> sets) {
        api.takeRequestPaths();
        new HelmRenderer(countingChart).render("budget", null, sets);
        Map<String, Long> counts = new TreeMap<>();
        for (String path : api.takeRequestPaths()) {
            Matcher m = COUNTED.matcher(path);
            if (m.find()) {
                counts.merge(m.group(1), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** A copy of the chart whose every define body starts with a lookup that renders nothing. */
    private Path countingCopy() throws IOException {
        Path copy = work.resolve("counting").resolve("redis");
        if (Files.isDirectory(copy)) {
            return copy;
        }
        TreeCopy.copy(RepoLayout.chart(), copy);
        try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                // The lookup trims after itself exactly as the define did, so the output is unchanged.
                String counted = DEFINE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group()
                        + (m.group(2).isEmpty() ? "{{ " : "{{- ") + "$_ := lookup \"v1\" \"Secret\" \"" + COUNTING_NAMESPACE
                        + "\" \"" + m.group(1) + "\"" + (m.group(2).isEmpty() ? " }}" : " -}}")));
                Files.writeString(file, counted);
            }
        }
        return copy;
    }

    private static String top(Map<String, Long> executions) {
        return executions.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }


    /**
     * The objects of a render, without what may differ between two renders of the same chart:
     * generated secrets (a Secret keeps its keys, not its values) and the checksum annotations
     * that hash them.
     */
    private static List<String> comparable(String rendered) {
        List<String> objects = new ArrayList<>();
        for (JsonNode object : Manifests.parse(rendered).objects()) {
            ObjectNode copy = object.deepCopy();
            if ("Secret".equals(copy.path("kind").asText())) {
                for (String field : List.of("data", "stringData")) {
                    if (copy.get(field) instanceof ObjectNode values) {
                        values.properties().forEach(e -> e.setValue(TextNode.valueOf("…")));
                    }
                }
            }
            for (String annotations : List.of("/metadata/annotations", "/spec/template/metadata/annotations")) {
                if (copy.at(annotations) instanceof ObjectNode map) {
                    map.properties().removeIf(e -> e.getKey().startsWith("checksum/"));
                }
            }
            objects.add(copy.toString());
        }
        return objects;
    }
}
