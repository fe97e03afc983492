package org.redischart.chartgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redischart.chartgen.model.AlertCatalog;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * The rendered PrometheusRule checked by Prometheus' own tool: promtool accepts it for every
 * architecture and profile, leaves out exactly the alerts that do not apply, and every alert
 * fires on input past its rendered threshold and stays quiet below it (promtool test rules).
 */
class AlertRulesTest {
    static final String RELEASE = "real";
    static final String FULLNAME = "real-redis";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @TempDir
    Path work;

    static Stream<Arguments> releases() {
        return Stream.of(
                Arguments.of("standalone", "session", true),
                Arguments.of("standalone", "cache", false),
                Arguments.of("replication", "session", true),
                Arguments.of("sentinel", "stream", true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("releases")
    void promtoolAcceptsTheRuleOfEachArchitectureWithExactlyTheAlertsThatApply(String architecture, String profile,
            boolean persistent) throws IOException {
        JsonNode rule = render(Map.of("architecture", architecture, "profile", profile));
        Path file = Promtool.writeRuleFile(rule, work.resolve("rules.yaml"));

        Promtool.Result check = Promtool.run(work, "check", "rules", file.toString());

        List<String> rendered = alertNames(rule);
        List<String> applying = AlertSource.catalog().alerts().stream()
                .filter(a -> applies(a.when(), architecture, profile, persistent)).map(AlertCatalog.Alert::name).toList();
        System.out.printf("metrics: promtool check rules, %s/%s: %d alerts: %s%n", architecture, profile, rendered.size(),
                check.output().strip().replace('\n', ' '));
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + rendered.size() + " rules found");
        assertThat(rendered).isEqualTo(applying);
    }

    @Test
    void everyAlertFiresPastItsRenderedThresholdAndStaysQuietBelowIt() throws IOException {
        JsonNode values = Promtool.YAML.readTree(RepoLayout.chart().resolve("values.yaml").toFile());
        JsonNode rule = render(Map.of("architecture", "sentinel"));
        List<String> rendered = alertNames(rule);
        assertThat(rendered).as("the sentinel/session release renders every alert of the set")
                .containsExactlyElementsOf(AlertCases.CASES.keySet());

        List<Map<String, Object>> groups = new ArrayList<>();
        for (JsonNode r : rule.at("/spec/groups/0/rules")) {
            String alert = r.path("alert").asText();
            JsonNode settings = values.at("/metrics/prometheusRule/alerts/" + alert);
            Double threshold = threshold(alert, settings.path("threshold"), values);
            if (threshold != null) {
                assertThat(r.path("expr").asText()).as(alert + " renders the threshold of the values")
                        .contains(" " + format(threshold));
            }
            assertThat(r.path("for").asText()).isEqualTo(settings.path("for").asText());
            int evalMinutes = minutes(settings.path("for").asText()) + 11;
            groups.addAll(AlertCases.testGroups(r, AlertCases.CASES.get(alert).apply(threshold), evalMinutes));
        }
        Promtool.writeRuleFile(rule, work.resolve("rules.yaml"));
        Map<String, Object> tests = new LinkedHashMap<>();
        tests.put("rule_files", List.of("rules.yaml"));
        tests.put("evaluation_interval", "1m");
        tests.put("tests", groups);
        Path testFile = work.resolve("rules-test.yaml");
        Files.writeString(testFile, Promtool.YAML.writeValueAsString(tests));

        Promtool.Result result = Promtool.run(work, "test", "rules", testFile.toString());

        System.out.printf("metrics: promtool test rules: %d alerts, %d test groups (fires / stays quiet): %s%n",
                rendered.size(), groups.size(), result.output().strip().replace('\n', ' '));
        assertThat(result.exitCode()).as(result.output() + "\n" + Files.readString(testFile)).isZero();
    }

    @Test
    void aWrongExpectationFailsPromtoolTest() throws IOException {
        JsonNode rule = render(Map.of("architecture", "sentinel"));
        JsonNode down = rule.at("/spec/groups/0/rules/0");
        assertThat(down.path("alert").asText()).isEqualTo("RedisDown");
        AlertCases.Case c = AlertCases.CASES.get("RedisDown").apply(null);
        // The quiet input, expected to fire: promtool must refuse it, or the test above proves nothing.
        AlertCases.Case swapped = new AlertCases.Case(c.quiet(), c.expected(), c.firing());
        Promtool.writeRuleFile(rule, work.resolve("rules.yaml"));
        Map<String, Object> tests = Map.of("rule_files", List.of("rules.yaml"), "evaluation_interval", "1m",
                "tests", AlertCases.testGroups(down, swapped, 12).subList(0, 1));
        Files.writeString(work.resolve("wrong-test.yaml"), Promtool.YAML.writeValueAsString(tests));

        Promtool.Result result = Promtool.run(work, "test", "rules", "wrong-test.yaml");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("RedisDown");
    }

    private JsonNode render(Map<String, Object> sets) {
        Map<String, Object> all = new HashMap<>(sets);
        all.put("metrics.enabled", true);
        all.put("metrics.prometheusRule.enabled", true);
        all.put("auth.password", "unused-password");
        return Manifests.parse(helm.render(RELEASE, null, all)).get("PrometheusRule", FULLNAME);
    }

    private static List<String> alertNames(JsonNode rule) {
        List<String> names = new ArrayList<>();
        rule.at("/spec/groups/0/rules").forEach(r -> names.add(r.path("alert").asText()));
        return names;
    }

    /** The Java reading of an alert's `when`, independent of the chart's redis.alertApplies. */
    private static boolean applies(AlertCatalog.When when, String architecture, String profile, boolean persistent) {
        return (when.architectures().isEmpty() || when.architectures().contains(architecture))
                && (when.profiles().isEmpty() || when.profiles().contains(profile))
                && (!Boolean.TRUE.equals(when.persistence()) || persistent)
                && (!Boolean.TRUE.equals(when.appendonly()) || persistent && !"cache".equals(profile));
    }

    /** The threshold the chart renders: the value, or replica.replicaCount for a null RedisReplicationBroken. */
    private static Double threshold(String alert, JsonNode value, JsonNode values) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isNull() && "RedisReplicationBroken".equals(alert)) {
            return values.at("/replica/replicaCount").asDouble();
        }
        return null;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static int minutes(String duration) {
        if (duration.endsWith("ms")) {
            return 1;
        }
        int n = Integer.parseInt(duration.replaceAll("[^0-9]", ""));
        return switch (duration.charAt(duration.length() - 1)) {
            case 'h' -> n * 60;
            case 's' -> (n + 59) / 60;
            default -> n;
        };
    }
}
