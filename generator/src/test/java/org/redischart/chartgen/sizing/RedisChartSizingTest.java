package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.cli.ValidateCommand;
import org.redischart.chartgen.schema.ChartFiles;
import org.redischart.chartgen.schema.ValuesFileValidator;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/** charts/redis sizes its container and redis.conf with _sizing.tpl, as `helm template --set` shows. */
class RedisChartSizingTest {
    /** Answers the chart's Secret lookup; stops after the class. */
    @RegisterExtension
    static final KubeApiServer API = new KubeApiServer();

    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @Test
    void setRequiredMemoryAndAlphaGivesRequestsLimitsAndMaxmemory() {
        Manifests m = Manifests.parse(helm.render("r", null,
                Map.of("resources.required.memory", "1Gi", "resources.alpha", "0.25")));
        JsonNode resources = m.get("StatefulSet", "r-redis")
                .at("/spec/template/spec/containers/0/resources");
        assertThat(resources.at("/requests/memory").asText()).isEqualTo("768Mi");
        assertThat(resources.at("/limits/memory").asText()).isEqualTo("1024Mi");
        assertThat(resources.at("/requests/cpu").asText()).isEqualTo("188m");
        assertThat(resources.at("/limits/cpu").asText()).isEqualTo("250m");
        assertThat(m.redisConf("r-redis")).as("the 768Mi request capped at 50 %% of the limit").contains("\nmaxmemory 512mb\n");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "resources.alpha | 0.12345 | resources.alpha: expected a number >= 0 and < 1 with at most 4 decimal places, found \"0.12345\"",
        "resources.required.memory | 5Ti | resources.required.memory: must be at most 4Ti, found \"5Ti\"",
        "resources.required.cpu | 1e-10 | resources.required.cpu: must have at most 9 decimal places, found \"1e-10\"",
        "resources.requests.memory | 1Gi | resources.requests.memory (1024Mi) must not exceed resources.limits.memory (256Mi)",
    })
    void valuesTheSchemaCannotJudgeFailTheInstallNamingTheValue(String key, String value, String message) {
        assertThatThrownBy(() -> helm.render("r", null, Map.of(key, value))).hasMessageContaining(message);
    }

    /**
     * The 16Mi floor on the limit is Redis's (room beyond maxmemory): chartgen validate keeps
     * it off the sidecars' blocks, and so does the chart (ValuesContractTest once found Helm
     * refusing {@code metrics.resources.required.memory: 12} that validate accepted).
     */
    @Test
    void onlyRedisLimitHasTheMemoryFloorInValidateAndHelmAlike(@TempDir Path work) throws Exception {
        Path tiny = Files.writeString(work.resolve("tiny-sidecar.yaml"),
                "metrics:\n  enabled: true\n  resources:\n    required:\n      memory: 12\n");
        Path tinyRedis = Files.writeString(work.resolve("tiny-redis.yaml"), "resources:\n  required:\n    memory: 12Mi\n");
        ValuesFileValidator validate = new ValuesFileValidator(ValidateCommand.rules(ChartFiles.directory(RepoLayout.chart())));

        assertThat(validate.validate(List.of(tiny), RepoLayout.chart())).isEmpty();
        assertThat(Manifests.parse(helm.render("r", tiny)).get("StatefulSet", "r-redis")
                .at("/spec/template/spec/containers/1/resources/limits/memory").asText()).isEqualTo("1Mi");
        assertThat(validate.validate(List.of(tinyRedis), RepoLayout.chart()))
                .anySatisfy(problem -> assertThat(problem).contains("must be at least 16Mi"));
        assertThatThrownBy(() -> helm.render("r", tinyRedis)).hasMessageContaining("must be at least 16Mi");
    }

    @Test
    void malformedQuantityIsRefusedByTheSchemaWithItsPath() {
        assertThatThrownBy(() -> helm.render("r", null, Map.of("resources.required.memory", "12XB")))
                .hasMessageContaining("resources/required/memory");
    }
}
