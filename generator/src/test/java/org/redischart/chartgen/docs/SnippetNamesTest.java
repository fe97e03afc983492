package org.redischart.chartgen.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * A user copies the snippets: every object name, pod name, claim name, label and URL they hold
 * for a release must exist when the chart is rendered for that release. The release names are
 * the ones the documents install ({@code helm install <release>}) and the ones their text says
 * something about ("release `cache` gives `cache-redis`").
 */
class SnippetNamesTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    private static final Pattern INSTALL = Pattern.compile("helm (?:install|upgrade|test|uninstall) ([a-z][a-z0-9-]*)");
    private static final Pattern RELEASE_GIVES = Pattern.compile("release `([a-z][a-z0-9-]*)` gives `([a-z][a-z0-9-]*)`");
    private static final Pattern URL = Pattern.compile("rediss?://([a-z0-9-]+)(:[0-9]+)?");
    /** Every architecture, with the optional objects the documents talk about switched on. */
    private static final List<Map<String, Object>> RENDERS = List.of(
            Map.of("architecture", "standalone", "metrics.enabled", true, "backup.enabled", true),
            Map.of("architecture", "replication", "metrics.enabled", true),
            Map.of("architecture", "sentinel", "metrics.enabled", true, "sentinel.auth.enabled", true,
                    "acl.users[0].name", "reporting", "acl.users[0].rules", "+@read ~*"),
            Map.of("architecture", "cluster"));

    static Stream<MarkdownDoc> docs() {
        return DocFiles.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void everyNameASnippetGivesForItsReleaseExistsInTheRender(MarkdownDoc doc) {
        String text = String.join("\n", doc.codeTexts());
        List<String> missing = new ArrayList<>();
        for (String release : releases(text)) {
            Set<String> names = renderedNames(release);
            Matcher token = Pattern.compile("(?<![A-Za-z0-9_.-])([a-z0-9-]*" + Pattern.quote(release) + "[a-z0-9-]*)").matcher(text);
            while (token.find()) {
                if (!names.contains(token.group(1))) {
                    missing.add(token.group(1));
                }
            }
        }
        assertThat(new TreeSet<>(missing)).as(DocFiles.relative(doc)
                + ": names in snippets that no render of their release has").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void whatTheTextSaysAReleaseGivesIsWhatItGives(MarkdownDoc doc) {
        Matcher gives = RELEASE_GIVES.matcher(String.join("\n", doc.lines()));
        while (gives.find()) {
            Manifests render = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render(gives.group(1), null));
            assertThat(render.find("Service", gives.group(2))).as(DocFiles.relative(doc) + ": " + gives.group()).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void everyUrlASnippetGivesIsTheConfigMapsRedisUrl(MarkdownDoc doc) {
        String text = String.join("\n", doc.codeTexts());
        for (String release : releases(text)) {
            Matcher url = URL.matcher(text);
            while (url.find()) {
                if (url.group(1).contains(release) && !url.group(1).startsWith("127")) {
                    Manifests render = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render(release, null));
                    assertThat(render.get("ConfigMap", url.group(1)).path("data").path("redis-url").asText())
                            .as(DocFiles.relative(doc)).startsWith(url.group());
                }
            }
        }
    }

    @Test
    void aReleaseNamedWithRedisGetsNoSecondRedisInItsNames() {
        Set<String> names = renderedNames("my-redis");
        assertThat(names).contains("my-redis", "my-redis-sentinel", "my-redis-replicas", "my-redis-client",
                "my-redis-node-0", "data-my-redis-0").doesNotContain("my-redis-redis");
        assertThat(renderedNames("cache")).contains("cache-redis", "cache-redis-sentinel", "cache-redis-client");
    }

    private static Set<String> releases(String text) {
        Set<String> releases = new LinkedHashSet<>();
        Matcher install = INSTALL.matcher(text);
        while (install.find()) {
            releases.add(install.group(1));
        }
        return releases;
    }

    /** Every string key and value of every render, plus the pod and claim names its StatefulSets make. */
    static Set<String> renderedNames(String release) {
        Set<String> names = new TreeSet<>();
        names.add(release);
        for (Map<String, Object> sets : RENDERS) {
            Manifests render = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render(release, null, sets));
            for (JsonNode object : render.objects()) {
                collect(object, names);
            }
            for (JsonNode sts : render.ofKind("StatefulSet")) {
                String name = sts.path("metadata").path("name").asText();
                for (int i = 0; i < sts.path("spec").path("replicas").asInt(1); i++) {
                    names.add(name + "-" + i);
                    for (JsonNode claim : sts.path("spec").path("volumeClaimTemplates")) {
                        names.add(claim.path("metadata").path("name").asText() + "-" + name + "-" + i);
                    }
                }
            }
        }
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isTextual()) {
            names.add(node.asText());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                names.add(field.getKey());
                collect(field.getValue(), names);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, names));
        }
    }
}
