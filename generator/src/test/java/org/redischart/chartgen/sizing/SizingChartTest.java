package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the chart's _sizing.tpl renders at install time, through the real Helm engine. */
class SizingChartTest {
    @Test
    void defaultValuesGiveTheDesignArticleFigures() {
        assertThat(SizingChart.sized(SizingChart.render(null, Map.of()))).isEqualTo(
                "requests: cpu: 125m memory: 128Mi limits: cpu: 250m memory: 256Mi maxmemory: 128mb");
    }

    @Test
    void requiredMemoryAndAlphaFromSetFlags() {
        String out = SizingChart.render(null, Map.of("resources.required.memory", "1Gi", "resources.alpha", "0.25"));
        assertThat(SizingChart.sized(out)).isEqualTo(
                "requests: cpu: 188m memory: 768Mi limits: cpu: 250m memory: 1024Mi maxmemory: 512mb");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "preset large | resources: {preset: large} "
                + "| requests: cpu: 1000m memory: 1024Mi limits: cpu: 2000m memory: 2048Mi maxmemory: 1024mb",
        "required overrides the preset per figure | resources: {preset: large, required: {memory: 3Gi}} "
                + "| requests: cpu: 1000m memory: 1536Mi limits: cpu: 2000m memory: 3072Mi maxmemory: 1536mb",
        "memoryAlpha overrides alpha | resources: {alpha: 0.2, memoryAlpha: 0.75} "
                + "| requests: cpu: 200m memory: 64Mi limits: cpu: 250m memory: 256Mi maxmemory: 64mb",
        "explicit requests and limits win | resources: {required: {cpu: 1}, requests: {memory: 200Mi}, limits: {cpu: 4}} "
                + "| requests: cpu: 500m memory: 200Mi limits: cpu: 4000m memory: 256Mi maxmemory: 128mb",
        "yaml numbers, alpha 0 capped by the headroom rule | resources: {required: {cpu: 0.5, memory: 268435456}, alpha: 0} "
                + "| requests: cpu: 500m memory: 256Mi limits: cpu: 500m memory: 256Mi maxmemory: 128mb",
        "requests = limits with maxmemoryPercent | resources: {requests: {memory: 1Gi}, limits: {memory: 1Gi}, maxmemoryPercent: 50} "
                + "| requests: cpu: 125m memory: 1024Mi limits: cpu: 250m memory: 1024Mi maxmemory: 512mb",
    })
    void precedenceMatchesJava(String scenario, String resourcesYaml, String expected, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, resourcesYaml + "\n");
        assertThat(SizingChart.sized(SizingChart.render(values, Map.of()))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "resources.required.memory | 12XB | resources.required.memory: expected a Kubernetes memory quantity such as 256Mi or 1.5Gi, found \"12XB\"",
        "resources.required.memory | 5Ti | resources.required.memory: must be at most 4Ti, found \"5Ti\"",
        "resources.required.cpu | -1 | resources.required.cpu: must be greater than zero, found \"-1\"",
        "resources.required.cpu | 1e-10 | resources.required.cpu: must have at most 9 decimal places, found \"1e-10\"",
        "resources.alpha | 1.5 | resources.alpha: expected a number >= 0 and < 1 with at most 4 decimal places, found \"1.5\"",
        "resources.memoryAlpha | 0.12345 | resources.memoryAlpha: expected a number >= 0 and < 1 with at most 4 decimal places, found \"0.12345\"",
        "resources.preset | huge | resources.preset: expected one of nano, micro, small, medium, large, xlarge, 2xlarge, found \"huge\"",
        "resources.requests.memory | 1Gi | resources.requests.memory (1024Mi) must not exceed resources.limits.memory (256Mi)",
    })
    void invalidInputFailsTheInstallWithTheSameMessageAsJava(String key, String value, String message) {
        assertThatThrownBy(() -> SizingChart.render(null, Map.of(key, value))).hasMessageContaining(message);
        assertThatThrownBy(() -> SizingChart.javaResolve(PresetTableTest.schemaTable(), key, value))
                .hasMessage(message);
    }

    @Test
    void chartCarriesThePresetTableChartgenComputes() throws IOException {
        String tpl = Files.readString(SizingChart.SIZING_TPL);
        assertThat(tpl).contains(PresetTableTest.schemaTable().goTemplateDefine());
    }

    @Test
    void chartParsesWithTheSameRegexesAsJava() throws IOException {
        String tpl = Files.readString(SizingChart.SIZING_TPL);
        assertThat(tpl).contains("`" + MemoryQuantity.SYNTAX + "`", "`" + CpuQuantity.SYNTAX + "`", "`" + Alpha.SYNTAX + "`");
    }
}
