package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

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
            storePasswordsOfRenderedSecrets(helm.render(RELEASE, values));
            GoldenFile.assertMatches(dir.resolve("expected.yaml"),
                    GoldenFile.checksumFree(GoldenFile.versionFree(helm.render(RELEASE, values), RepoLayout.chart())));
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

    private static void storePasswordsOfRenderedSecrets(String rendered) {
        Manifests.parse(rendered).ofKind("Secret").forEach(secret -> {
            java.util.Map<String, String> data = new java.util.TreeMap<>();
            secret.path("data").fieldNames().forEachRemaining(key -> data.put(key, GOLDEN_PASSWORD));
            api.putSecret(HelmRenderer.NAMESPACE, secret.path("metadata").path("name").asText(), data);
        });
    }
}
