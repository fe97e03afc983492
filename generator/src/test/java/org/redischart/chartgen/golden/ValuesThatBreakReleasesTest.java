package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.redischart.chartgen.cli.ExitCodes;
import org.redischart.chartgen.policy.KubernetesApiSchema;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.ExtremeValues;
import org.redischart.chartgen.testing.ExtremeValues.End;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.ChartRules;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * Values that both chartgen validate and Helm used to accept while the release broke at run
 * time (issue 19): integers in float notation, overrides of the selector labels, names
 * Kubernetes refuses, and settings that undo the chart's guarantees. For each, validate and
 * the real Helm engine agree, and what renders is sane.
 */
class ValuesThatBreakReleasesTest {
    private static final Pattern FLOAT_NOTATION = Pattern.compile("\\b[0-9]+(\\.[0-9]+)?e[+-][0-9]+\\b");
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    private final KubernetesApiSchema apiSchema = new KubernetesApiSchema();

    @TempDir
    Path work;

    // Class 1: integers in float notation.

    @Test
    void theIssuesLargeIntegersRenderAsIntegers() throws IOException {
        Path file = values("""
                architecture: sentinel
                sentinel:
                  failoverTimeout: 3600000
                podSecurityContext:
                  runAsUser: 2147483647
                """);
        assertValid(file);
        Manifests manifests = Manifests.parse(helm.render("big", file));

        String sentinelConf = manifests.get("ConfigMap", "big-redis-sentinel").path("data").path("sentinel.conf").asText();
        assertThat(sentinelConf).contains("sentinel failover-timeout mymaster 3600000\n");
        JsonNode pod = manifests.get("StatefulSet", "big-redis-node").at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsUser").isIntegralNumber()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asLong()).isEqualTo(2147483647L);
        assertThat(manifests.text()).doesNotContainPattern(FLOAT_NOTATION);
    }

    @ParameterizedTest(name = "{0} at its {1}")
    @CsvSource({"standalone, MAXIMUM", "standalone, MINIMUM", "replication, MAXIMUM", "replication, MINIMUM",
            "sentinel, MAXIMUM", "sentinel, MINIMUM"})
    void everyIntegerRendersAsAnIntegerAtBothEndsOfItsRange(String architecture, End end) {
        ExtremeValues extremes = new ExtremeValues(RepoLayout.chart());
        Path file = extremes.write(extremes.values(architecture, end, Map.of(
                ".tolerations[0].key", "node.kubernetes.io/unreachable",
                ".tolerations[0].operator", "Exists",
                ".tolerations[0].effect", "NoExecute")), work.resolve(architecture + "-" + end + ".yaml"));
        assertValid(file);

        Manifests manifests = Manifests.parse(helm.render("edge", file));

        assertThat(manifests.text()).as("float notation in the render").doesNotContainPattern(FLOAT_NOTATION);
        for (JsonNode object : manifests.objects()) {
            assertThat(apiSchema.problems(object)).as("Kubernetes API problems").isEmpty();
        }
        Map<String, Long> integers = extremes.integers(end);
        for (String path : List.of(".podSecurityContext.runAsUser", ".podSecurityContext.runAsGroup",
                ".podSecurityContext.fsGroup", ".tolerations[0].tolerationSeconds")) {
            assertThat(manifests.text()).as(path).containsPattern(": " + integers.get(path) + "\n");
        }
        String conf = manifests.redisConf("edge-redis");
        for (String directive : List.of("databases", "maxclients", "timeout", "tcp-keepalive")) {
            String field = ".redis." + (directive.equals("tcp-keepalive") ? "tcpKeepalive" : directive);
            assertThat(RenderedConfig.directive(conf, directive)).as(directive).contains(String.valueOf(integers.get(field)));
        }
        if (architecture.equals("sentinel")) {
            String sentinelConf = manifests.get("ConfigMap", "edge-redis-sentinel").path("data").path("sentinel.conf").asText();
            assertThat(sentinelConf).contains(
                    "sentinel down-after-milliseconds mymaster " + integers.get(".sentinel.downAfterMilliseconds") + "\n",
                    "sentinel failover-timeout mymaster " + integers.get(".sentinel.failoverTimeout") + "\n",
                    "sentinel parallel-syncs mymaster " + integers.get(".sentinel.parallelSyncs") + "\n");
        }
    }

    // Class 4: labels the chart selects its pods by.

    @ParameterizedTest(name = "{0}")
    @CsvSource({"podLabels, a label key the chart selects its pods by", "commonLabels, a label key the chart sets itself"})
    void selectorLabelsCannotBeReplaced(String block, String refused) throws IOException {
        Path file = values(block + ":\n  app.kubernetes.io/name: other\n");

        assertRefusedByValidate(file, "." + block + ": expected a key other than " + refused,
                "found \"app.kubernetes.io/name\"");
        assertThatThrownBy(() -> helm.render("labels", file)).hasMessageContaining("invalid propertyName 'app.kubernetes.io/name'");
    }

    @Test
    void otherPodLabelsReachThePodsAndEverySelectorStillMatchesThem() throws IOException {
        Path file = values("""
                architecture: replication
                podLabels:
                  team: payments
                  app.kubernetes.io/version: "8.2"
                commonLabels:
                  cost-center: "42"
                """);
        assertValid(file);
        Manifests manifests = Manifests.parse(helm.render("labels", file));

        for (JsonNode set : manifests.ofKind("StatefulSet")) {
            JsonNode podLabels = set.at("/spec/template/metadata/labels");
            assertThat(podLabels.path("team").asText()).isEqualTo("payments");
            set.at("/spec/selector/matchLabels").properties().forEach(label ->
                    assertThat(podLabels.path(label.getKey()).asText()).as("selector label " + label.getKey())
                            .isEqualTo(label.getValue().asText()));
        }
        for (JsonNode service : manifests.ofKind("Service")) {
            assertThat(manifests.ofKind("StatefulSet")).as("pods selected by Service " + service.at("/metadata/name"))
                    .anyMatch(set -> selects(service.at("/spec/selector"), set.at("/spec/template/metadata/labels")));
            assertThat(service.at("/metadata/labels/cost-center").asText()).isEqualTo("42");
        }
    }

    // Class 5: names Kubernetes refuses.

    @Test
    void aFullnameOverrideStartingWithADigitIsRefused() throws IOException {
        Path file = values("fullnameOverride: 1redis\n");

        assertRefusedByValidate(file, ".fullnameOverride: expected a string matching ^([a-z]", "found \"1redis\"");
        assertThatThrownBy(() -> helm.render("names", file)).hasMessageContaining("'1redis' does not match pattern");
    }

    @ParameterizedTest(name = "release {0}")
    @ValueSource(strings = {"1cache", "shop.cache"})
    void aReleaseNameThatMakesInvalidServiceNamesIsRefusedByHelmWithWhatToDo(String release) {
        assertThatThrownBy(() -> helm.render(release, null))
                .hasMessageContaining("Service names must start with a letter")
                .hasMessageContaining("install under another release name or set fullnameOverride");
        Map<String, Object> override = Map.of("fullnameOverride", "cache");
        assertThat(Manifests.parse(helm.render(release, null, override)).find("Service", "cache")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"standalone", "replication", "sentinel"})
    void theLongestFullnameOverrideKeepsEveryNameWhole(String architecture) throws IOException {
        String longest = "f".repeat(43) + "1";
        Path file = values("architecture: " + architecture + "\nfullnameOverride: " + longest + "\n");
        assertValid(file);
        Manifests manifests = Manifests.parse(helm.render("names", file));

        assertNamesValid(manifests);
        for (JsonNode object : manifests.objects()) {
            String name = object.at("/metadata/name").asText();
            if (!object.path("kind").asText().equals("ServiceAccount")) {
                assertThat(name).as("a %s name cut short", object.path("kind").asText()).startsWith(longest);
            }
        }
        Path tooLong = values("fullnameOverride: " + longest + "f\n");
        assertRefusedByValidate(tooLong, ".fullnameOverride: expected at most 44 characters, found 45");
        assertThatThrownBy(() -> helm.render("names", tooLong)).hasMessageContaining("/fullnameOverride");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"standalone", "replication", "sentinel"})
    void theLongestReleaseNameAndNameOverrideGiveNamesKubernetesAccepts(String architecture) throws IOException {
        String release = "r".repeat(52) + "1";
        Path file = values("architecture: " + architecture + "\nreplica:\n  replicaCount: 32\nnameOverride: "
                + "n".repeat(62) + "9\n");
        assertValid(file);

        Manifests manifests = Manifests.parse(helm.render(release, file));

        assertNamesValid(manifests);
    }

    // Class 6: settings that undo the chart's guarantees.

    @Test
    void everyRedisConfSettingTheChartOwnsIsRefusedByValidateAndHelmInTheSameWords() throws IOException {
        List<String> directives = new ArrayList<>(ChartRules.of(RepoLayout.chart()).ownedDirectives().keySet());
        directives.sort(null);
        StringBuilder yaml = new StringBuilder("redis:\n  extraConfig: |\n    lazyfree-lazy-eviction yes\n");
        directives.forEach(d -> yaml.append("    ").append(d).append(" x\n"));
        Path file = values(yaml.toString());

        List<String> fromValidate = refusalLines(file);
        String helmError = catchMessage(() -> helm.render("owned", file));
        List<String> fromHelm = helmError.lines().filter(l -> l.startsWith(".redis.extraConfig: ")).toList();

        assertThat(fromValidate).hasSize(directives.size()).isEqualTo(fromHelm);
        for (int i = 0; i < directives.size(); i++) {
            assertThat(fromValidate.get(i)).startsWith(".redis.extraConfig: line " + (i + 2) + " sets " + directives.get(i)
                    + ", which the chart sets itself; ");
        }
    }

    @Test
    void quotedUpperCaseAndIndentedSpellingsAreJudgedAlikeByValidateAndHelm() throws IOException {
        Path file = values("""
                redis:
                  extraConfig: |
                    # port 6380 in a comment is no setting
                    "MAXMEMORY" 1gb
                      'Port' 7000
                    maxmemory-samples 10
                    bind\t127.0.0.1
                    tcp-keepalive-extra 1
                """);

        List<String> fromValidate = refusalLines(file);
        List<String> fromHelm = catchMessage(() -> helm.render("owned", file)).lines()
                .filter(l -> l.startsWith(".redis.extraConfig: ")).toList();

        assertThat(fromValidate).isEqualTo(fromHelm).hasSize(3);
        assertThat(fromValidate.get(0)).startsWith(".redis.extraConfig: line 2 sets maxmemory,");
        assertThat(fromValidate.get(1)).startsWith(".redis.extraConfig: line 3 sets port,");
        assertThat(fromValidate.get(2)).startsWith(".redis.extraConfig: line 5 sets bind,");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            maxmemory 1gb       | use resources.required.memory or resources.requests.memory instead
            port 7000           | use redis.port instead
            requirepass hunter2 | use auth.password or auth.existingSecret instead
            bind 127.0.0.1      | remove it: Redis listens on every address of its pod
            protected-mode yes  | remove it: the chart turns protected-mode off and protects Redis with the password and the NetworkPolicy
            """)
    void theIssuesExtraConfigLinesAreRefusedWithTheValueToUseInstead(String line, String instead) throws IOException {
        Path file = values("redis:\n  extraConfig: |\n    " + line + "\n");
        String expected = ".redis.extraConfig: line 1 sets " + line.split(" ")[0] + ", which the chart sets itself; " + instead;

        assertRefusedByValidate(file, expected);
        assertThatThrownBy(() -> helm.render("owned", file)).hasMessageContaining(expected);
    }

    @Test
    void extraConfigTheChartDoesNotOwnIsWrittenAfterTheChartsSettings() throws IOException {
        Path file = values("redis:\n  extraConfig: |\n    # comment\n    lazyfree-lazy-eviction yes\n    maxmemory-samples 10\n");
        assertValid(file);

        String conf = Manifests.parse(helm.render("extra", file)).redisConf("extra-redis");

        assertThat(RenderedConfig.directive(conf, "lazyfree-lazy-eviction")).contains("yes");
        assertThat(RenderedConfig.directive(conf, "maxmemory-samples")).contains("10");
    }

    @Test
    void anExtraEnvNamedLikeTheChartsPasswordVariableIsRefused() throws IOException {
        Path file = values("extraEnv:\n  - name: REDIS_PASSWORD\n    value: not-the-secret\n");

        assertRefusedByValidate(file, ".extraEnv[0].name: expected anything but a variable the chart sets itself",
                "found \"REDIS_PASSWORD\"");
        assertThatThrownBy(() -> helm.render("env", file)).hasMessageContaining("/extraEnv/0/name");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            redis.port                    | redis:\\n  port: null                                      | .redis.port
            sentinel.port                 | architecture: sentinel\\nsentinel:\\n  port: null        | .sentinel.port
            podSecurityContext.runAsUser  | podSecurityContext:\\n  runAsUser: null                   | .podSecurityContext.runAsUser
            """)
    void aValueTheNetworkPolicyOrTheNonRootGuaranteeNeedsCannotBeRemovedWithNull(String name, String yaml, String path)
            throws IOException {
        Path file = values(yaml.replace("\\n", "\n") + "\n");

        assertRefusedByValidate(file, path + ": ");
        String helmError = catchMessage(() -> helm.render("nulls", file));
        // The schema requires the key, so Helm reports null as the key missing from its parent.
        String parent = path.substring(0, path.lastIndexOf('.')).replace('.', '/');
        String key = path.substring(path.lastIndexOf('.') + 1);
        assertThat(helmError).contains("at '" + parent + "': missing property '" + key + "'");
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        Set<Map.Entry<String, String>> wanted = new HashSet<>();
        selector.properties().forEach(e -> wanted.add(Map.entry(e.getKey(), e.getValue().asText())));
        return !wanted.isEmpty() && wanted.stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
    }

    /** Every object name, label value and pod host name within Kubernetes' limits, and no two objects alike. */
    private static void assertNamesValid(Manifests manifests) {
        Set<String> seen = new HashSet<>();
        for (JsonNode object : manifests.objects()) {
            String kind = object.path("kind").asText();
            String name = object.at("/metadata/name").asText();
            assertThat(seen.add(kind + "/" + name)).as("two %s named %s", kind, name).isTrue();
            assertThat(name).as("%s name", kind).hasSizeLessThanOrEqualTo(kind.equals("StatefulSet") ? 52 : 63)
                    .matches(kind.equals("Service") ? DNS_1035 : DNS_1123);
            labels(object).forEach(value -> assertThat(value).as("label value on %s/%s", kind, name).hasSizeLessThanOrEqualTo(63));
            if (kind.equals("StatefulSet")) {
                String lastPod = name + "-" + (object.at("/spec/replicas").asInt() - 1);
                assertThat(lastPod).hasSizeLessThanOrEqualTo(63);
                assertThat(manifests.find("Service", object.at("/spec/serviceName").asText())).as("serviceName of " + name).isPresent();
            }
        }
    }

    private static List<String> labels(JsonNode object) {
        List<String> values = new ArrayList<>();
        object.at("/metadata/labels").forEach(v -> values.add(v.asText()));
        object.at("/spec/template/metadata/labels").forEach(v -> values.add(v.asText()));
        return values;
    }

    private Path values(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(work, "values", ".yaml"), yaml);
    }

    private static void assertValid(Path file) {
        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());
        assertThat(result.exitCode()).as("validate: %s", result.err()).isZero();
    }

    private static void assertRefusedByValidate(Path file, String... expected) {
        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).startsWith(file.toString()).contains(expected);
    }

    /** What validate says of a refused file, one line per problem, without the file name and position. */
    private static List<String> refusalLines(Path file) {
        Cli.Result validate = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());
        assertThat(validate.exitCode()).as("exit code; stderr: %s", validate.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        String location = java.util.regex.Pattern.quote(file.toString()) + "(:[0-9]+)*: ";
        return validate.err().lines().map(l -> l.replaceFirst("^" + location, "")).toList();
    }

    private static String catchMessage(Runnable render) {
        try {
            render.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("Helm rendered values it should refuse");
    }
}
