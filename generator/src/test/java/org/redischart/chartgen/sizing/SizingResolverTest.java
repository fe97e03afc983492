package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.input.InvalidInputException;

class SizingResolverTest {
    private final SizingResolver resolver = new SizingResolver(PresetTableTest.schemaTable());

    private Resources resolve(Map<String, ?> block) {
        return resolver.resolve(ResourceValues.from("resources", block));
    }

    @Test
    void noValuesGiveTheDefaultPreset() {
        assertThat(resolver.resolve(ResourceValues.UNSET))
                .isEqualTo(new Resources(Figures.of("125m", "128Mi"), Figures.of("250m", "256Mi")));
    }

    @Test
    void emptyAndNullMeanUnset() {
        java.util.HashMap<String, Object> block = new java.util.HashMap<>();
        block.put("preset", "");
        block.put("alpha", null);
        assertThat(resolve(block)).isEqualTo(resolver.resolve(ResourceValues.UNSET));
    }

    @Test
    void requiredOverridesThePresetPerFigure() {
        assertThat(resolve(Map.of("preset", "large", "required", Map.of("memory", "3Gi"))))
                .isEqualTo(new Resources(Figures.of("1", "1536Mi"), Figures.of("2", "3Gi")));
    }

    @Test
    void explicitRequestsAndLimitsWin() {
        Resources r = resolve(Map.of("required", Map.of("cpu", "1"), "requests", Map.of("memory", "200Mi"),
                "limits", Map.of("cpu", 4)));
        assertThat(r).isEqualTo(new Resources(Figures.of("500m", "200Mi"), Figures.of("4", "256Mi")));
        assertThat(r.redisMaxmemory()).as("the request (200Mi) capped at 50 %% of the 256Mi limit").isEqualTo("128mb");
    }

    @Test
    void reportsEveryInvalidValue() {
        assertThatThrownBy(() -> resolve(Map.of("alpha", 2, "required", Map.of("cpu", "x", "memory", "-1Mi"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "resources.required.cpu: expected a Kubernetes CPU quantity such as 250m or 0.5, found \"x\"",
                        "resources.required.memory: must be greater than zero, found \"-1Mi\"",
                        "resources.alpha: expected a number >= 0 and < 1 with at most 4 decimal places, found \"2\""));
    }
}
