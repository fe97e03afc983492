package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.testing.RepoLayout;

class PresetTableTest {
    static PresetTable schemaTable() {
        return PresetTable.load(RepoLayout.schema().resolve("presets.yaml"));
    }

    @Test
    void schemaPresetsAreSizedWithTheDefaultAlphaInFileOrder() {
        PresetTable table = schemaTable();
        assertThat(table.names()).containsExactly("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge");
        assertThat(table.defaultPreset().resources())
                .isEqualTo(new Resources(Figures.of("125m", "128Mi"), Figures.of("250m", "256Mi")));
        assertThat(table.find("large").orElseThrow().resources().redisMaxmemory()).isEqualTo("1024mb");
    }

    @Test
    void rendersTheTableAsJsonThatReadsBackFromTheChart() {
        PresetTable table = PresetTable.parse("p.yaml", """
                alpha: 0.25
                default: s
                presets:
                  s: {cpu: 100m, memory: 64Mi}
                  l: {cpu: 2, memory: 1Gi}
                """);
        assertThat(table.json()).isEqualTo("{\"alpha\":2500,\"default\":\"s\",\"order\":[\"s\",\"l\"],"
                + "\"sizes\":{\"s\":{\"cpuMilli\":100,\"memoryMi\":64},\"l\":{\"cpuMilli\":2000,\"memoryMi\":1024}}}");
        assertThat(PresetTable.fromChart("_sizing.tpl", "{{/* x */}}\n" + table.goTemplateDefine())).isEqualTo(table);
    }

    @Test
    void theChartCarriesTheSchemaTable() throws java.io.IOException {
        java.nio.file.Path tpl = org.redischart.chartgen.testing.RepoLayout.chart().resolve("templates/_sizing.tpl");
        assertThat(PresetTable.fromChart(tpl.toString(), java.nio.file.Files.readString(tpl))).isEqualTo(schemaTable());
    }

    @Test
    void reportsEveryProblemWithFileAndPath() {
        assertThatThrownBy(() -> PresetTable.parse("schema/presets.yaml", """
                alpha: 1
                default: huge
                presets:
                  s: {cpu: fast, memory: 64Mi}
                  l: {cpu: 2, memory: 0}
                """))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "schema/presets.yaml: .alpha: expected a number >= 0 and < 1 with at most 4 decimal places, found \"1\"",
                        "schema/presets.yaml: .presets.s.cpu: expected a Kubernetes CPU quantity such as 250m or 0.5, found \"fast\"",
                        "schema/presets.yaml: .presets.l.memory: must be greater than zero, found \"0\"",
                        "schema/presets.yaml: .default: expected one of the preset names, found \"huge\""));
    }

    @Test
    void aPresetGivenTwiceIsRefusedNotSilentlyOverwritten() {
        assertThatThrownBy(() -> PresetTable.parse("schema/presets.yaml", """
                alpha: 0.5
                default: s
                presets:
                  s: {cpu: 1, memory: 64Mi}
                  s: {cpu: 2, memory: 128Mi}
                """))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("schema/presets.yaml: invalid YAML: Duplicate field 's'");
    }
}
