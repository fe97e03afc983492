package org.redischart.chartgen.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.redischart.chartgen.schema.ValuesMerger;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * Part of make test: the e2e inputs are checked without a cluster. Every architecture has a
 * scenario; those the chart knows render with the real Helm engine (values.schema.json
 * included); the packaged chart is read back the way the e2e suite reads it.
 */
class ScenarioFilesTest {
    private static final Path E2E = RepoLayout.testResources().resolve("e2e");
    private static final String NO_ARCHITECTURE = """
            {"properties": {"auth": {"type": "object"}}}""";
    private static final String TWO_ARCHITECTURES = """
            {"properties": {"architecture": {"type": "string", "enum": ["standalone", "replication"]}}}""";

    private static KubeApiServer api;

    @TempDir
    Path work;

    @BeforeAll
    static void startApiServer() {
        api = new KubeApiServer();
    }

    @AfterAll
    static void stopApiServer() {
        api.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "standalone  | NO_ARCHITECTURE   | ''",
        "replication | NO_ARCHITECTURE   | the chart's values.schema.json has no `architecture` value yet",
        "replication | TWO_ARCHITECTURES | ''",
        "sentinel    | TWO_ARCHITECTURES | the chart's values.schema.json .architecture enum [\"standalone\",\"replication\"] does not list sentinel yet",
    })
    void architecturesTheSchemaDoesNotListAreSkippedWithAReason(String architecture, String schema, String reason) {
        String json = schema.equals("NO_ARCHITECTURE") ? NO_ARCHITECTURE : TWO_ARCHITECTURES;

        assertThat(Scenario.unsupportedBy(json, architecture).orElse("")).isEqualTo(reason);
    }

    @ParameterizedTest
    @MethodSource("org.redischart.chartgen.e2e.ChartLifecycleE2eTest#architectures")
    void everyArchitectureHasValuesAndAnUpgradeThatChangesMaxclients(String architecture) {
        Scenario scenario = Scenario.load(E2E, architecture);

        assertThat(scenario.upgradedMaxclients()).matches("[0-9]+");
    }

    @ParameterizedTest
    @MethodSource("org.redischart.chartgen.e2e.ChartLifecycleE2eTest#architectures")
    void scenariosOfArchitecturesTheChartKnowsRenderWithTheirUpgrade(String architecture) throws IOException {
        Scenario scenario = Scenario.load(E2E, architecture);
        String schema = Files.readString(RepoLayout.chart().resolve("values.schema.json"));
        if (Scenario.unsupportedBy(schema, architecture).isPresent()) {
            // The suite skips it too; once the chart lists it, this renders it.
            assertThat(architecture).isNotEqualTo(Scenario.STANDALONE);
            return;
        }
        HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
        Path upgraded = work.resolve("upgraded.yaml");
        JsonNode merged = new ValuesMerger().merge(HelmReleases.readYaml(scenario.values()),
                HelmReleases.readYaml(scenario.upgrade()));
        Files.writeString(upgraded, new YAMLMapper().writeValueAsString(merged));

        assertThat(Manifests.parse(helm.render("e2e", scenario.values())).objects()).isNotEmpty();
        assertThat(helm.render("e2e", upgraded, Map.of())).contains("maxclients " + scenario.upgradedMaxclients());
    }

    @Test
    void packagedChartIsReadBackFromItsArchive(@TempDir Path scratch) throws IOException {
        ChartArchive archive = ChartArchive.packaged(RepoLayout.chart(), RepoLayout.chartVersion(), scratch);

        assertThat(archive.read("redis/values.schema.json"))
                .contains(Files.readString(RepoLayout.chart().resolve("values.schema.json")));
        assertThat(archive.read("redis/Chart.yaml")).hasValueSatisfying(chart -> assertThat(chart).contains("name: redis"));
        assertThat(archive.read("redis/no-such-file")).isEmpty();
    }

    @Test
    void aScenarioWithoutAMaxclientsChangeIsRefused() throws IOException {
        Path dir = Files.createDirectories(work.resolve("broken"));
        Files.writeString(dir.resolve("values.yaml"), "auth:\n  enabled: true\n");
        Files.writeString(dir.resolve("upgrade.yaml"), "redis:\n  timeout: 5\n");

        assertThatThrownBy(() -> Scenario.load(work, "broken"))
                .hasMessageEndingWith("upgrade.yaml: .redis.maxclients: expected a number the upgrade changes, found nothing");
    }
}
