package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.Scenarios;

/**
 * Renders charts/redis with the real Helm engine for every scenario folder under
 * golden/ (values.yaml → expected.yaml) and compares the text exactly. Each scenario is
 * also linted strictly with its values.
 */
class GoldenScenariosTest {
    static final String RELEASE = "golden";
    /** Stored in the fake cluster so lookup finds it: renders are repeatable, as on upgrade. */
    static final String GOLDEN_PASSWORD = "golden-password";
    /** The Secrets stored in the fake cluster so far, by name. */
    private static final java.util.Map<String, java.util.Map<String, String>> STORED = new java.util.HashMap<>();

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @TempDir
    Path work;

    static List<Path> scenarios() {
        return Scenarios.goldenDirs();
    }

    @Test
    void thereAreAtLeastEightScenarios() throws IOException {
        assertThat(scenarios()).hasSizeGreaterThanOrEqualTo(8);
    }

    @TestFactory
    Stream<DynamicTest> renderedManifestsMatchGoldenFiles() throws IOException {
        return scenarios().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Path values = dir.resolve("values.yaml");
            String rendered = helm.render(RELEASE, values);
            if (storePasswordsOfRenderedSecrets(rendered)) {
                rendered = helm.render(RELEASE, values);
            }
            GoldenFile.assertMatches(dir.resolve("expected.yaml"),
                    GoldenFile.checksumFree(GoldenFile.versionFree(rendered, RepoLayout.chart())));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioPassesStrictLint() throws IOException {
        return scenarios().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Path scratch = Files.createTempDirectory(work, dir.getFileName().toString());
            LintResult lint = helm.lintWith(dir.resolve("values.yaml"), scratch);
            List<String> complaints = lint.getMessages().stream()
                    .filter(m -> !m.startsWith("[INFO]") && !m.isBlank()).toList();
            assertThat(lint.isFailed()).as("lint failed: %s", lint.getMessages()).isFalse();
            assertThat(complaints).as("helm lint --strict").isEmpty();
        }));
    }

    /**
     * Stores each Secret of the render in the fake cluster with every key set to the golden
     * password; true when that changed the cluster, so the render must be made again to read
     * them. A Secret stored with the same keys by an earlier scenario leaves the render as it is.
     */
    private static boolean storePasswordsOfRenderedSecrets(String rendered) {
        boolean changed = false;
        for (JsonNode secret : Manifests.parse(rendered).ofKind("Secret")) {
            java.util.Map<String, String> data = new java.util.TreeMap<>();
            secret.path("data").fieldNames().forEachRemaining(key -> data.put(key, GOLDEN_PASSWORD));
            String name = secret.path("metadata").path("name").asText();
            if (!data.equals(STORED.get(name))) {
                api.putSecret(HelmRenderer.NAMESPACE, name, data);
                STORED.put(name, data);
                changed = true;
            }
        }
        return changed;
    }
}
