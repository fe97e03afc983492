package org.redischart.chartgen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.Scenarios;
import org.redischart.chartgen.testing.pods.NetworkPolicies;
import org.redischart.chartgen.testing.pods.PolicyEndpoint;

/**
 * Every golden render's NetworkPolicies judged with Kubernetes semantics (as the enforced pod
 * harness judges them): the chart's own flows pass (the helm test pod to every Service it
 * uses, judged on the backend pod after the Service's translation; every pod to the cluster
 * DNS of kube-dns/CoreDNS and of OpenShift), labelled clients reach every client Service and
 * unlabelled pods none, and no chart pod reaches an address outside the cluster.
 */
class NetworkPolicyFlowsTest {
    private static final PolicyEndpoint KUBE_DNS = PolicyEndpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"))
            .at("10.96.0.20");
    private static final PolicyEndpoint OPENSHIFT_DNS = PolicyEndpoint.pod("dns-default", "openshift-dns",
            Map.of("dns.operator.openshift.io/daemonset-dns", "default")).at("10.128.0.20");
    private static final PolicyEndpoint OUTSIDE = PolicyEndpoint.outside("an address outside the cluster").at("192.0.2.53");

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private static List<Scenarios.Rendered> rendered;

    @BeforeAll
    static void renderScenarios(@TempDir Path work) {
        rendered = Scenarios.renderAll(Scenarios.chartWithHooksKept(work)).stream()
                .filter(r -> !r.manifests().ofKind("NetworkPolicy").isEmpty()).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyChartPodResolvesNamesWithKubeDnsAndOpenShiftDns() {
        // A scenario that lists its own DNS pods (network-policy-namespaces) is checked by NetworkPolicyTest.
        return rendered.stream().filter(s -> value(s, "/networkPolicy/dns").isMissingNode()).map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            NetworkPolicies policies = NetworkPolicies.of(scenario.manifests());
            for (PolicyEndpoint pod : pods(scenario)) {
                for (String protocol : List.of("UDP", "TCP")) {
                    assertThat(policies.judge(pod, KUBE_DNS, protocol, 53).allowed())
                            .as("%s to kube-dns %s/53", pod, protocol).isTrue();
                    assertThat(policies.judge(pod, OPENSHIFT_DNS, protocol, 5353).allowed())
                            .as("%s to OpenShift's dns-default %s/5353 (after the Service's 53 -> 5353)", pod, protocol).isTrue();
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> noChartPodReachesAnAddressOutsideTheCluster() {
        return rendered.stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            NetworkPolicies policies = NetworkPolicies.of(scenario.manifests());
            for (PolicyEndpoint pod : pods(scenario)) {
                for (String protocol : List.of("UDP", "TCP")) {
                    for (int port : List.of(53, 443, 6379)) {
                        assertThat(policies.judge(pod, OUTSIDE, protocol, port).allowed())
                                .as("%s to %s %s/%d", pod, OUTSIDE, protocol, port).isFalse();
                    }
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> theHelmTestPodReachesEveryServiceItUses() {
        return rendered.stream().filter(s -> testPod(s) != null).map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            NetworkPolicies policies = NetworkPolicies.of(scenario.manifests());
            JsonNode pod = testPod(scenario);
            PolicyEndpoint test = endpoint(scenario, pod.path("metadata"), pod.path("spec"));
            Map<String, String> env = new java.util.HashMap<>();
            pod.at("/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
            List<String> flows = new ArrayList<>();
            for (String prefix : List.of("REDIS", "SENTINEL", "WRITE_SERVICE")) {
                if (env.containsKey(prefix + "_HOST")) {
                    flows.addAll(refusedThroughService(policies, scenario, test, env.get(prefix + "_HOST"),
                            Integer.parseInt(env.get(prefix + "_PORT"))));
                }
            }
            if (env.containsKey("SENTINEL_HOST") || scenario.manifests().text().contains("cluster-enabled yes")) {
                // The primary Sentinel names, or the nodes a cluster redirects to: every Redis pod, directly.
                int redisPort = Integer.parseInt(env.get("REDIS_PORT"));
                for (PolicyEndpoint node : redisPods(scenario)) {
                    if (!policies.judge(test, node, "TCP", redisPort).allowed()) {
                        flows.add(node + " tcp/" + redisPort + ": " + policies.judge(test, node, "TCP", redisPort));
                    }
                }
            }
            assertThat(flows).as("flows of the helm test pod its policies refuse").isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> labelledClientsReachEveryClientServiceAndUnlabelledPodsNone() {
        return rendered.stream().filter(s -> !allowExternal(s)).map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            NetworkPolicies policies = NetworkPolicies.of(scenario.manifests());
            String namespace = scenario.manifests().ofKind("NetworkPolicy").get(0).at("/metadata/namespace").asText();
            String fullname = scenario.manifests().ofKind("NetworkPolicy").stream()
                    .filter(p -> "server".equals(p.at("/metadata/labels/app.kubernetes.io~1component").asText()))
                    .findFirst().orElseThrow().at("/metadata/name").asText();
            PolicyEndpoint labelled = PolicyEndpoint.pod("labelled client", namespace, Map.of(fullname + "-client", "true")).at("10.0.9.1");
            PolicyEndpoint unlabelled = PolicyEndpoint.pod("unlabelled pod", namespace, Map.of()).at("10.0.9.2");
            for (JsonNode service : scenario.manifests().ofKind("Service")) {
                if (service.at("/metadata/name").asText().endsWith("-metrics")) {
                    continue;
                }
                for (JsonNode port : service.at("/spec/ports")) {
                    if (port.path("name").asText().contains("bus")) {
                        continue; // the cluster bus is for the Redis pods only
                    }
                    assertThat(refusedThroughService(policies, scenario, labelled, service.at("/metadata/name").asText(),
                            port.path("port").asInt())).as("a labelled client to %s", service.at("/metadata/name").asText()).isEmpty();
                    for (Backend backend : backends(scenario, service, port.path("port").asInt())) {
                        assertThat(policies.judge(unlabelled, backend.pod(), "TCP", backend.port()).allowed())
                                .as("an unlabelled pod to %s port %d", backend.pod(), backend.port()).isFalse();
                    }
                }
            }
        }));
    }

    private record Backend(PolicyEndpoint pod, int port) {
    }

    /** The flows from {@code from} to {@code service}:{@code port}, after translation to each backend, that are refused. */
    private static List<String> refusedThroughService(NetworkPolicies policies, Scenarios.Rendered scenario,
            PolicyEndpoint from, String serviceName, int port) {
        JsonNode service = scenario.manifests().find("Service", serviceName)
                .orElseThrow(() -> new AssertionError("no Service " + serviceName));
        List<Backend> backends = backends(scenario, service, port);
        assertThat(backends).as("backends of %s:%d", serviceName, port).isNotEmpty();
        List<String> refused = new ArrayList<>();
        for (Backend backend : backends) {
            NetworkPolicies.Verdict verdict = policies.judge(from, backend.pod(), "TCP", backend.port());
            if (!verdict.allowed()) {
                refused.add(serviceName + ":" + port + " -> " + backend.pod() + " tcp/" + backend.port() + ": " + verdict);
            }
        }
        return refused;
    }

    private static List<Backend> backends(Scenarios.Rendered scenario, JsonNode service, int port) {
        JsonNode servicePort = null;
        for (JsonNode p : service.at("/spec/ports")) {
            if (p.path("port").asInt() == port) {
                servicePort = p;
            }
        }
        assertThat(servicePort).as("%s has port %d", service.at("/metadata/name").asText(), port).isNotNull();
        List<Backend> out = new ArrayList<>();
        for (Workload w : Workload.in(scenario.manifests())) {
            if (!"StatefulSet".equals(w.kind()) && !"Deployment".equals(w.kind())) {
                continue;
            }
            boolean selected = true;
            for (Map.Entry<String, JsonNode> label : service.at("/spec/selector").properties()) {
                selected &= label.getValue().asText().equals(w.podMetadata().path("labels").path(label.getKey()).asText(null));
            }
            if (!selected || service.at("/spec/selector").isEmpty()) {
                continue;
            }
            JsonNode target = servicePort.path("targetPort");
            int number = target.isMissingNode() ? port : target.isInt() ? target.asInt() : named(w, target.asText());
            out.add(new Backend(endpoint(scenario, w.podMetadata(), w.podSpec()).named(w.toString()), number));
        }
        return out;
    }

    private static int named(Workload w, String name) {
        for (JsonNode container : w.podSpec().path("containers")) {
            for (JsonNode port : container.path("ports")) {
                if (name.equals(port.path("name").asText())) {
                    return port.path("containerPort").asInt();
                }
            }
        }
        throw new AssertionError(w + " has no port named " + name);
    }

    private static List<PolicyEndpoint> pods(Scenarios.Rendered scenario) {
        return Workload.in(scenario.manifests()).stream().map(w -> endpoint(scenario, w.podMetadata(), w.podSpec()).named(w.toString())).toList();
    }

    private static List<PolicyEndpoint> redisPods(Scenarios.Rendered scenario) {
        return Workload.in(scenario.manifests()).stream().filter(w -> "StatefulSet".equals(w.kind()))
                .map(w -> endpoint(scenario, w.podMetadata(), w.podSpec()).named(w.toString())).toList();
    }

    private static PolicyEndpoint endpoint(Scenarios.Rendered scenario, JsonNode metadata, JsonNode spec) {
        String namespace = scenario.manifests().ofKind("NetworkPolicy").get(0).at("/metadata/namespace").asText();
        return new PolicyEndpoint(metadata.path("name").asText("pod"), namespace,
                PolicyEndpoint.namespaceLabels(namespace, Map.of()), metadata.path("labels"), spec.path("containers"), "10.0.1.1");
    }

    private static JsonNode testPod(Scenarios.Rendered scenario) {
        return scenario.manifests().ofKind("Pod").stream().findFirst().orElse(null);
    }

    private static boolean allowExternal(Scenarios.Rendered scenario) {
        return value(scenario, "/networkPolicy/allowExternal").asBoolean(false);
    }

    /** A value the scenario's values.yaml sets (missing when it keeps the default). */
    private static JsonNode value(Scenarios.Rendered scenario, String pointer) {
        Path values = RepoLayout.testResources().resolve("golden").resolve(scenario.name()).resolve("values.yaml");
        try {
            return new YAMLMapper().readTree(values.toFile()).at(pointer);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
