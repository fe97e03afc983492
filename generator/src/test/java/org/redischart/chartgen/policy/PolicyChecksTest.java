package org.redischart.chartgen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.Scenarios;

/**
 * Every policy check over every golden scenario (a table: check × scenario), and for every
 * check a broken release it must refuse, so that no check passes vacuously.
 */
class PolicyChecksTest {
    private static final String STS = "/spec/template/spec";
    private static final String REDIS = STS + "/containers/0";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private static List<Scenarios.Rendered> rendered;

    @BeforeAll
    static void renderScenarios(@TempDir Path work) {
        rendered = Scenarios.renderAll(Scenarios.chartWithHooksKept(work));
    }

    @TestFactory
    Stream<DynamicContainer> everyScenarioMeetsEveryPolicy() {
        List<PolicyCheck> checks = PolicyChecks.all();
        System.out.printf("policy: %d checks x %d scenarios = %d check runs%n",
                checks.size(), rendered.size(), checks.size() * rendered.size());
        return checks.stream().map(check -> DynamicContainer.dynamicContainer(check.name(),
                rendered.stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
                    assertThat(Workload.in(scenario.manifests())).as("workloads").isNotEmpty();
                    List<String> violations = check.check(scenario);
                    if (scenario.name().equals(PRIVILEGED_OPT_IN)) {
                        List<String> optedIn = violations.stream().filter(v -> v.contains(RenderSanity.OPT_IN_PRIVILEGED)).toList();
                        if (!optedIn.isEmpty()) {
                            System.out.printf("policy: OPT-IN %s × %s: %s (sysctlInitContainer.enabled, documented)%n",
                                    scenario.name(), check.name(), optedIn);
                        }
                        violations = violations.stream().filter(v -> !optedIn.contains(v)).toList();
                    }
                    String known = KNOWN_VIOLATIONS.get(scenario.name() + " × " + check.name());
                    if (known != null) {
                        assertThat(violations).as("known violation (%s) no longer occurs: remove it from KNOWN_VIOLATIONS",
                                known).isNotEmpty();
                        System.out.printf("policy: KNOWN VIOLATION %s × %s: %s (%s)%n",
                                scenario.name(), check.name(), violations, known);
                        return;
                    }
                    assertThat(violations).as("%s in %s", check.name(), scenario.name()).isEmpty();
                }))));
    }

    /**
     * The scenario that turns on sysctlInitContainer: its privileged init container leaves Pod
     * Security "restricted" by design and by documentation, and only that container may.
     */
    static final String PRIVILEGED_OPT_IN = "sysctl-init-container";

    /** The opt-in is seen by the Pod Security checks (so excusing it is not vacuous), and nothing else in that pod is excused. */
    @Test
    void thePrivilegedSysctlInitContainerIsTheOnlyExcusedViolation() {
        Scenarios.Rendered scenario = rendered.stream().filter(r -> r.name().equals(PRIVILEGED_OPT_IN)).findFirst().orElseThrow();
        List<String> all = PolicyChecks.all().stream().flatMap(check -> check.check(scenario).stream()).toList();
        assertThat(all).as("violations of %s", PRIVILEGED_OPT_IN).isNotEmpty()
                .allMatch(v -> v.contains(RenderSanity.OPT_IN_PRIVILEGED));
    }

    /**
     * Violations the chart allows today, each reported on every run and failing once fixed.
     * Key: "scenario × check". Do not add entries to make a new scenario pass; fix the chart.
     */
    private static final Map<String, String> KNOWN_VIOLATIONS = Map.of(
            "tuned-redis × probes: liveness and readiness on long-running containers",
            "the schema lets users set readinessProbe.enabled=false; the chart should refuse it or keep a readiness probe",
            "sentinel-stream × PodDisruptionBudget selects every workload with replicas > 1",
            "podDisruptionBudget.enabled=false is accepted for a 3-pod Sentinel StatefulSet; the chart should refuse it when replicas > 1",
            "sentinel-stream × pod anti-affinity when replicas > 1",
            "podAntiAffinityPreset=none is accepted for a 3-pod Sentinel StatefulSet; all pods may land on one node");

    /** How to break the default release so that exactly this check refuses it. */
    static Map<String, Consumer<Manifests>> counterexamples() {
        return Map.ofEntries(
                Map.entry("PSS restricted: runAsNonRoot", m -> {
                    sts(m, STS + "/securityContext").put("runAsNonRoot", false);
                    sts(m, REDIS + "/securityContext").remove("runAsNonRoot");
                }),
                Map.entry("PSS restricted: allowPrivilegeEscalation false",
                        m -> sts(m, REDIS + "/securityContext").put("allowPrivilegeEscalation", true)),
                Map.entry("PSS restricted: capabilities drop ALL, add at most NET_BIND_SERVICE",
                        m -> sts(m, REDIS + "/securityContext/capabilities").putArray("add").add("SYS_ADMIN")),
                Map.entry("PSS restricted: seccomp RuntimeDefault or Localhost",
                        m -> sts(m, REDIS + "/securityContext/seccompProfile").put("type", "Unconfined")),
                Map.entry("PSS baseline: no hostNetwork, hostPID, hostIPC or hostPort", m -> sts(m, STS).put("hostPID", true)),
                Map.entry("PSS baseline: not privileged", m -> sts(m, REDIS + "/securityContext").put("privileged", true)),
                Map.entry("PSS restricted: volume types allowed (no hostPath)", m -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                        sts(m, STS).get("volumes")).addObject().put("name", "host").putObject("hostPath").put("path", "/")),
                Map.entry("resources: cpu and memory requests and limits on every container",
                        m -> sts(m, REDIS + "/resources").remove("limits")),
                Map.entry("probes: liveness and readiness on long-running containers", m -> sts(m, REDIS).remove("readinessProbe")),
                Map.entry("image: pinned tag or digest, never latest or empty",
                        m -> sts(m, REDIS).put("image", "registry.example.com:5000/redis")),
                Map.entry("readOnlyRootFilesystem on every container",
                        m -> sts(m, REDIS + "/securityContext").put("readOnlyRootFilesystem", false)),
                Map.entry("automountServiceAccountToken false on pods", m -> sts(m, STS).remove("automountServiceAccountToken")),
                Map.entry("automountServiceAccountToken false on ServiceAccounts",
                        m -> ((ObjectNode) m.ofKind("ServiceAccount").get(0)).put("automountServiceAccountToken", true)),
                Map.entry("PodDisruptionBudget selects every workload with replicas > 1", m -> sts(m, "/spec").put("replicas", 3)),
                Map.entry("pod anti-affinity when replicas > 1", m -> sts(m, "/spec").put("replicas", 2)),
                Map.entry("NetworkPolicy (Ingress and Egress) selects every pod",
                        m -> ((ObjectNode) m.ofKind("NetworkPolicy").get(0).get("spec")).putArray("policyTypes").add("Ingress")),
                Map.entry("no secrets in ConfigMaps",
                        m -> ((ObjectNode) m.ofKind("ConfigMap").get(0).get("data")).put("auth-token", "abc")),
                Map.entry("no secrets in env literals or command lines", m -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                        sts(m, REDIS).get("env")).addObject().put("name", "ADMIN_PASSWORD").put("value", "hunter22")));
    }

    @Test
    void everyCheckHasACounterexample() {
        assertThat(counterexamples().keySet())
                .containsExactlyInAnyOrderElementsOf(PolicyChecks.all().stream().map(PolicyCheck::name).toList());
    }

    @TestFactory
    Stream<DynamicTest> everyCheckRefusesItsCounterexampleAndOnlyItsOwn() {
        return PolicyChecks.all().stream().map(check -> DynamicTest.dynamicTest(check.name(), () -> {
            Scenarios.Rendered broken = brokenDefaults(counterexamples().get(check.name()));

            assertThat(check.check(broken)).as(check.name()).isNotEmpty().allMatch(v -> v.contains("expected"));
            List<String> others = PolicyChecks.all().stream().filter(c -> !c.name().equals(check.name()) && !bothAboutReplicas(c, check))
                    .flatMap(c -> c.check(broken).stream()).toList();
            assertThat(others).as("other checks on the counterexample of %s", check.name()).isEmpty();
        }));
    }

    @Test
    void theReleasePasswordInAConfigMapIsFound() {
        Scenarios.Rendered defaults = defaults();
        String password = defaults.password().orElseThrow();
        Scenarios.Rendered broken = brokenDefaults(m -> ((ObjectNode) m.ofKind("ConfigMap").get(0).get("data"))
                .put("redis.conf", "port 6379\nrequire" + "pass " + password + "\n"));

        assertThat(SecretChecks.configMaps(broken)).containsExactly(
                "ConfigMap/policy-redis: .data.redis.conf: expected no password, found the release's password",
                "ConfigMap/policy-redis: .data.redis.conf: expected no credential settings, found \"requirepass …\"");
    }

    @Test
    void aCredentialReadFromAVariableInAScriptIsNotASecret() {
        Scenarios.Rendered script = brokenDefaults(m -> ((ObjectNode) m.ofKind("ConfigMap").get(0).get("data"))
                .put("start.sh", "password=$(cat /secret/pw)\nprintf 'requirepass \"%s\"' \"$password\"\nmasterauth \"$PASSWORD\"\n"));

        assertThat(SecretChecks.configMaps(script)).isEmpty();
    }

    @Test
    void aPodDisruptionBudgetSelectingTheReplicasSatisfiesTheCheck() {
        Scenarios.Rendered broken = brokenDefaults(m -> sts(m, "/spec").put("replicas", 3));
        ObjectNode pdb = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        pdb.put("apiVersion", "policy/v1").put("kind", "PodDisruptionBudget").putObject("metadata").put("name", "pdb");
        pdb.putObject("spec").put("maxUnavailable", 1).putObject("selector").putObject("matchLabels")
                .put("app.kubernetes.io/name", "redis").put("app.kubernetes.io/instance", Scenarios.RELEASE);
        List<JsonNode> objects = new java.util.ArrayList<>(broken.manifests().objects());
        objects.add(pdb);

        Scenarios.Rendered covered = new Scenarios.Rendered("covered", new Manifests("", objects), broken.password());

        assertThat(PlatformChecks.disruptionBudget(covered)).isEmpty();
    }

    private static boolean bothAboutReplicas(PolicyCheck a, PolicyCheck b) {
        return a.name().contains("replicas > 1") && b.name().contains("replicas > 1");
    }

    private static Scenarios.Rendered defaults() {
        return rendered.stream().filter(s -> s.name().equals("defaults")).findFirst().orElseThrow();
    }

    private static Scenarios.Rendered brokenDefaults(Consumer<Manifests> breakIt) {
        Scenarios.Rendered defaults = defaults();
        List<JsonNode> copies = defaults.manifests().objects().stream().<JsonNode>map(JsonNode::deepCopy).toList();
        Manifests manifests = new Manifests("", copies);
        breakIt.accept(manifests);
        return new Scenarios.Rendered("broken", manifests, Optional.of(defaults.password().orElseThrow()));
    }

    private static ObjectNode sts(Manifests manifests, String pointer) {
        return (ObjectNode) manifests.get("StatefulSet", "policy-redis").at(pointer);
    }
}
