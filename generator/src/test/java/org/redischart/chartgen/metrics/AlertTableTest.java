package org.redischart.chartgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.chart.ChartGenerator;
import org.redischart.chartgen.model.AlertCatalogLoader;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/** The README alert table and the PrometheusRule come from one source and cannot disagree. */
class AlertTableTest {
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(Redis[A-Za-z]+)` \\| (.*?) \\| `([^`]+)` \\| (\\w+) \\| (.*?) \\| (.*) \\|$");

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void theReadmeTableShowsTheThresholdDurationAndSeverityTheRuleRenders() throws IOException {
        Map<String, MatchResult> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(RepoLayout.chart().resolve("README.md")));
        while (m.find()) {
            rows.put(m.group(1), m.toMatchResult());
        }
        JsonNode rule = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render("real", null, Map.of(
                "architecture", "sentinel", "metrics.enabled", true, "metrics.prometheusRule.enabled", true,
                "auth.password", "unused-password"))).get("PrometheusRule", "real-redis");

        assertThat(rows.keySet()).containsExactlyElementsOf(AlertCases.CASES.keySet());
        for (JsonNode r : rule.at("/spec/groups/0/rules")) {
            MatchResult row = rows.get(r.path("alert").asText());
            assertThat(row).as(r.path("alert").asText() + " in the README").isNotNull();
            assertThat(row.group(3)).as("for").isEqualTo(r.path("for").asText());
            assertThat(row.group(4)).as("severity").isEqualTo(r.at("/labels/severity").asText());
            Matcher number = Pattern.compile("(?:above|than|more than) ([0-9.]+)").matcher(row.group(2));
            if (number.find()) {
                assertThat(r.path("expr").asText()).as(r.path("alert").asText() + " threshold").contains("> " + number.group(1));
            }
            assertThat(row.group(6)).isEqualTo(r.at("/annotations/runbook").asText().replace("|", "\\|"));
        }
    }

    @Test
    void generateRefusesAnAlertSetThatDisagreesWithTheValuesSchema() throws IOException {
        Path schema = TreeCopy.copy(RepoLayout.schema(), work.resolve("schema"));
        Path alerts = schema.resolve("alerts.yaml");
        Files.writeString(alerts, Files.readString(alerts).replace("name: RedisDown", "name: RedisGone")
                .replace("redis_up{$selector} == 0", "redis_up{$selector} < $threshold"));

        assertThatThrownBy(() -> new ChartGenerator().render(schema, RepoLayout.templates(), "0.2.0"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(".metrics.prometheusRule.alerts: expected the alerts of " + alerts + " in its order [RedisGone,")
                .hasMessageContaining("found [RedisDown,");
        Files.writeString(alerts, Files.readString(alerts).replace("name: RedisGone", "name: RedisDown"));
        assertThatThrownBy(() -> new ChartGenerator().render(schema, RepoLayout.templates(), "0.2.0"))
                .hasMessageContaining(".metrics.prometheusRule.alerts.RedisDown.threshold: expected a default (the expression in "
                        + alerts + " uses $threshold), found none");
    }

    @Test
    void theAlertSetLoaderNamesTheFileAndPathOfEveryProblem() {
        assertThatThrownBy(() -> new AlertCatalogLoader().parse("schema/alerts.yaml", """
                alerts:
                  - name: RedisDown
                    summary: down
                    description: down
                    runbook: look
                    condition: down
                    severity: high
                """))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("schema/alerts.yaml: .alerts[0].severity: expected one of [condition, description, expr, name, "
                        + "runbook, summary, when], found an unknown key")
                .hasMessageContaining("schema/alerts.yaml: .alerts[0].expr: expected a non-empty string, found none");
    }
}
