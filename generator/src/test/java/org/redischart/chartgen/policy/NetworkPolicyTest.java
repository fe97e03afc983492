package org.redischart.chartgen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LabelSelectors;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/** The NetworkPolicy: on by default, Redis reachable only by labelled clients and peers. */
class NetworkPolicyTest {
    private static final String KUBE_DNS = "{\"to\":[{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"kube-system\"}},"
            + "\"podSelector\":{\"matchLabels\":{\"k8s-app\":\"kube-dns\"}}}],"
            + "\"ports\":[{\"port\":53,\"protocol\":\"UDP\"},{\"port\":53,\"protocol\":\"TCP\"}]}";
    private static final String OPENSHIFT_DNS = "{\"to\":[{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"openshift-dns\"}},"
            + "\"podSelector\":{\"matchLabels\":{\"dns.operator.openshift.io/daemonset-dns\":\"default\"}}}],"
            + "\"ports\":[{\"port\":5353,\"protocol\":\"UDP\"},{\"port\":5353,\"protocol\":\"TCP\"}]}";
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @Test
    void byDefaultOnlyClientPodsAndPeersReachTheRedisPort() {
        JsonNode spec = policy(helm.render("shop", null)).path("spec");

        JsonNode ingress = spec.path("ingress");
        assertThat(ingress).hasSize(1);
        assertThat(ingress.get(0).path("ports").toString()).isEqualTo("[{\"port\":6379,\"protocol\":\"TCP\"}]");
        assertThat(ingress.get(0).path("from").toString()).isEqualTo("["
                + "{\"podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"redis\",\"app.kubernetes.io/instance\":\"shop\"}}},"
                + "{\"podSelector\":{\"matchLabels\":{\"shop-redis-client\":\"true\"}}}]");
        assertThat(spec.path("egress").toString()).isEqualTo("["
                + KUBE_DNS + "," + OPENSHIFT_DNS + ","
                + "{\"to\":[{\"podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"redis\",\"app.kubernetes.io/instance\":\"shop\"}}}],"
                + "\"ports\":[{\"port\":6379,\"protocol\":\"TCP\"}]}]");
    }

    @Test
    void allowExternalDropsTheSourceRestrictionButKeepsThePort() {
        JsonNode ingress = policy(helm.render("shop", null, Map.of("networkPolicy.allowExternal", true))).path("spec").path("ingress");

        assertThat(ingress.get(0).has("from")).isFalse();
        assertThat(ingress.get(0).path("ports").get(0).path("port").asInt()).isEqualTo(6379);
    }

    @Test
    void disabledRendersNoPolicy() {
        String rendered = helm.render("shop", null, Map.of("networkPolicy.enabled", false));

        assertThat(Manifests.parse(rendered).ofKind("NetworkPolicy")).isEmpty();
    }

    @Test
    void theClientLabelKeyStaysAValidLabelNameForTheLongestFullname() {
        // fullnameOverride stops at 44 characters; the longest fullname is a 53-character release
        // name (Helm's limit) and a nameOverride, cut to 63.
        String release = "r".repeat(53);
        JsonNode from = policy(helm.render(release, null, Map.of("nameOverride", "n".repeat(9)))).at("/spec/ingress/0/from/1");

        String key = from.path("podSelector").path("matchLabels").fieldNames().next();
        assertThat(key).hasSizeLessThanOrEqualTo(63).isEqualTo("r".repeat(53) + "-nn-client");
    }

    @Test
    void theHelmTestPodCarriesTheClientLabel() throws Exception {
        String pod = Files.readString(RepoLayout.chart().resolve("templates/tests/redis-test-pod.yaml"));

        assertThat(pod).contains("{{ include \"redis.clientLabelKey\" . }}: \"true\"");
    }

    @Test
    void withSentinelTheSentinelPortIsLetThroughToo() {
        JsonNode spec = policy(helm.render("shop", null, Map.of("architecture", "sentinel", "sentinel.port", 26380))).path("spec");

        assertThat(spec.at("/ingress/0/ports").findValues("port").stream().map(JsonNode::asInt).toList())
                .containsExactly(6379, 26380);
        assertThat(spec.at("/egress/2/ports").findValues("port").stream().map(JsonNode::asInt).toList())
                .containsExactly(6379, 26380);
    }

    @Test
    void withMetricsOnlyTheConfiguredScrapersReachTheExporterPortAndNothingElseOpens() {
        JsonNode spec = policy(helm.render("shop", null, Map.of("metrics.enabled", true, "metrics.port", 9300,
                "networkPolicy.metricsNamespaceSelector.team", "observability"))).path("spec");

        JsonNode ingress = spec.path("ingress");
        assertThat(ingress).hasSize(2);
        assertThat(ingress.get(0).path("ports").toString()).isEqualTo("[{\"port\":6379,\"protocol\":\"TCP\"}]");
        assertThat(ingress.get(1).path("ports").toString()).isEqualTo("[{\"port\":9300,\"protocol\":\"TCP\"}]");
        assertThat(ingress.get(1).path("from").toString()).isEqualTo("["
                + "{\"namespaceSelector\":{\"matchLabels\":{\"team\":\"observability\"}},"
                + "\"podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"prometheus\"}}}]");
        assertThat(spec.at("/egress/2/ports").findValues("port").stream().map(JsonNode::asInt).toList())
                .as("egress unchanged: the exporter talks to its own Redis over loopback").containsExactly(6379);
    }

    @Test
    void nullMetricsSelectorsAdmitEveryPodOfEveryNamespaceOnTheExporterPortOnly(@TempDir Path work) throws Exception {
        Path values = Files.writeString(work.resolve("values.yaml"), "networkPolicy:\n  metricsPodSelector: null\n");
        JsonNode ingress = policy(helm.render("shop", values, Map.of("metrics.enabled", true))).at("/spec/ingress/1");

        assertThat(ingress.path("from").toString()).isEqualTo("[{\"namespaceSelector\":{},\"podSelector\":{}}]");
        assertThat(ingress.path("ports").findValues("port").stream().map(JsonNode::asInt).toList()).containsExactly(9121);
    }

    @Test
    void withoutMetricsTheExporterPortStaysClosed() {
        JsonNode spec = policy(helm.render("shop", null, Map.of("networkPolicy.metricsPodSelector.app", "anything"))).path("spec");

        assertThat(spec.path("ingress")).hasSize(1);
        assertThat(spec.toString()).doesNotContain("9121");
    }

    @Test
    void withHaproxyClientsReachItsPortsAndItReachesOnlyTheNodes() {
        Manifests manifests = Manifests.parse(helm.render("shop", null, Map.of("architecture", "sentinel",
                "haproxy.port", 7000, "haproxy.readOnly.enabled", true, "haproxy.readOnly.port", 7001)));
        JsonNode haproxyPod = manifests.get("Deployment", "shop-redis-haproxy").at("/spec/template/metadata/labels");
        JsonNode nodePod = manifests.get("StatefulSet", "shop-redis-node").at("/spec/template/metadata/labels");
        JsonNode own = manifests.get("NetworkPolicy", "shop-redis-haproxy").path("spec");
        JsonNode redis = manifests.get("NetworkPolicy", "shop-redis").path("spec");

        assertThat(LabelSelectors.matches(own.path("podSelector"), haproxyPod)).as("HAProxy's policy selects HAProxy").isTrue();
        assertThat(LabelSelectors.matches(redis.path("podSelector"), haproxyPod)).as("the Redis policy selects HAProxy").isFalse();
        assertThat(LabelSelectors.matches(redis.path("podSelector"), nodePod)).as("the Redis policy selects the nodes").isTrue();
        assertThat(own.at("/ingress/0/ports").findValues("port").stream().map(JsonNode::asInt).toList())
                .containsExactly(7000, 7001);
        assertThat(own.at("/ingress/0/from").toString()).isEqualTo("[{\"podSelector\":{\"matchLabels\":{\"shop-redis-client\":\"true\"}}}]");
        assertThat(LabelSelectors.matches(own.at("/egress/2/to/0/podSelector"), nodePod)).as("HAProxy reaches the nodes").isTrue();
        assertThat(own.at("/egress/2/ports").findValues("port").stream().map(JsonNode::asInt).toList()).containsExactly(6379, 26379);
        assertThat(LabelSelectors.matches(redis.at("/ingress/0/from/0/podSelector"), haproxyPod))
                .as("the Redis policy admits HAProxy").isTrue();
    }

    @Test
    void dnsEgressGoesOnlyWhereNetworkPolicyDnsSays(@TempDir Path work) throws Exception {
        Path values = Files.writeString(work.resolve("values.yaml"), """
                networkPolicy:
                  dns:
                    - namespaceSelector: {}
                      podSelector: {app: my-dns}
                      ports: [1053]
                    - cidr: 169.254.20.10/32
                      ports: [53]
                """);
        Manifests manifests = Manifests.parse(helm.render("shop", values, Map.of("architecture", "sentinel")));

        for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
            JsonNode egress = policy.at("/spec/egress");
            assertThat(egress.get(0).toString()).as(policy.at("/metadata/name").asText()).isEqualTo(
                    "{\"to\":[{\"namespaceSelector\":{},\"podSelector\":{\"matchLabels\":{\"app\":\"my-dns\"}}}],"
                    + "\"ports\":[{\"port\":1053,\"protocol\":\"UDP\"},{\"port\":1053,\"protocol\":\"TCP\"}]}");
            assertThat(egress.get(1).toString()).isEqualTo("{\"to\":[{\"ipBlock\":{\"cidr\":\"169.254.20.10/32\"}}],"
                    + "\"ports\":[{\"port\":53,\"protocol\":\"UDP\"},{\"port\":53,\"protocol\":\"TCP\"}]}");
            assertThat(egress.toString()).doesNotContain("kube-system");
        }
    }

    @Test
    void anEmptyDnsListAllowsNoDnsButKeepsThePeers(@TempDir Path work) throws Exception {
        Path values = Files.writeString(work.resolve("values.yaml"), "networkPolicy:\n  dns: []\n");
        JsonNode egress = policy(helm.render("shop", values)).at("/spec/egress");

        assertThat(egress).hasSize(1);
        assertThat(egress.toString()).doesNotContain("\"port\":53");
    }

    /** The Redis pods' policy (not HAProxy's). */
    private static JsonNode policy(String rendered) {
        return Manifests.parse(rendered).ofKind("NetworkPolicy").stream()
                .filter(p -> !"haproxy".equals(p.at("/metadata/labels/app.kubernetes.io~1component").asText()))
                .findFirst().orElseThrow();
    }
}
