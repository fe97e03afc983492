package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.NetworkPolicies;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.PolicyEndpoint;
import org.redischart.chartgen.testing.pods.PolicyEnforcer;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.Jedis;

/**
 * The chart's default NetworkPolicies enforced on the pod network (nftables, Kubernetes
 * semantics) around a Sentinel set with HAProxy: what the README promises clients labelled
 * "&lt;fullname&gt;-client" gets through, and what it does not promise is refused: an
 * unlabelled pod, a labelled pod of another namespace, a chart pod to an address outside the
 * cluster. With metrics on, the exporter sidecar (Debian's redis_exporter, the rendered args)
 * is scraped as the README says: by pods labelled app.kubernetes.io/name: prometheus in every
 * namespace by default, in the namespaces networkPolicy.metricsNamespaceSelector names once it
 * is set, and its /scrape?target= endpoint reaches nothing outside the release. The report
 * names the policy rule that admitted each flow. An address outside the cluster (a NodePort or
 * LoadBalancer client) reaches Redis only once networkPolicy.allowExternal is set, as NOTES says.
 */
class NetworkPolicyPodsTest {
    static final String SCENARIO = "sentinel-session";
    static final Duration SETTLE = Duration.ofSeconds(40);
    static final int METRICS_PORT = 9121;
    static final Map<String, String> PROMETHEUS = Map.of("app.kubernetes.io/name", "prometheus");

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void onlyWhatThePoliciesAdmitGetsThrough() {
        Manifests manifests = SentinelFaultsTest.render(SCENARIO, Map.of("metrics.enabled", true));
        Path root = RepoLayout.root().resolve("generator/target/fault-pods").resolve("policy-" + System.nanoTime());
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root).enforcingPolicies()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(SentinelFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE));
            Pod haproxy = pods.addRunOnce(manifests, manifests.get("Deployment", SentinelFaultsTest.RELEASE + "-redis-haproxy"));
            set.nodes.forEach(Pod::start);
            haproxy.start();
            Pod primary = set.awaitSettled(set.nodes, SETTLE);
            PolicyEnforcer policies = pods.policies();
            Map<String, String> clientLabel = Map.of("faults-redis-client", "true");
            String unlabelled = policies.addPeer("un", PolicyEndpoint.pod("unlabelled", HelmRenderer.NAMESPACE, Map.of()));
            String elsewhere = policies.addPeer("ns", PolicyEndpoint.pod("other-namespace-client", "shop", clientLabel));
            String outside = policies.addPeer("out", PolicyEndpoint.outside("outside-the-cluster"));
            String outsideIp = pods.network().addressOf(outside);
            String kubeDns = pods.network().addressOf(policies.addPeer("kd",
                    PolicyEndpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"))));
            String openshiftDns = pods.network().addressOf(policies.addPeer("od",
                    PolicyEndpoint.pod("dns-default", "openshift-dns", Map.of("dns.operator.openshift.io/daemonset-dns", "default"))));

            SetThroughHaproxy.await(pods, haproxy, SETTLE);
            for (int port : List.of(6379, 26379)) {
                assertThat(policies.reaches(pods.network().clientNamespace(), primary.ip(), port))
                        .as("a labelled client to port %d", port).isTrue();
                assertThat(policies.reaches(unlabelled, primary.ip(), port)).as("an unlabelled pod to port %d", port).isFalse();
                assertThat(policies.reaches(elsewhere, primary.ip(), port))
                        .as("a labelled pod of another namespace to port %d", port).isFalse();
            }
            assertThat(policies.reaches(unlabelled, haproxy.ip(), 6379)).as("an unlabelled pod to HAProxy").isFalse();
            for (Pod from : List.of(primary, haproxy)) {
                assertThat(policies.reaches(from.namespace(), kubeDns, 53)).as("%s to kube-dns", from.name()).isTrue();
                assertThat(policies.reaches(from.namespace(), openshiftDns, 5353)).as("%s to OpenShift's DNS", from.name()).isTrue();
                assertThat(policies.reaches(from.namespace(), kubeDns, 443)).as("%s to kube-dns, not its DNS port", from.name()).isFalse();
                // Port 53 included: DNS egress goes to the DNS pods, not to port 53 anywhere.
                for (int port : List.of(443, 6379, 53)) {
                    assertThat(policies.reaches(from.namespace(), outsideIp, port))
                            .as("%s to an address outside the cluster, port %d", from.name(), port).isFalse();
                }
            }

            String prometheus = policies.addPeer("pm", PolicyEndpoint.pod("prometheus", "monitoring", PROMETHEUS));
            String shopPrometheus = policies.addPeer("ps", PolicyEndpoint.pod("shop-prometheus", "shop", PROMETHEUS));
            assertThat(scrape(pods, prometheus, primary, "/metrics")).as("a Prometheus pod's scrape of the exporter")
                    .contains("\nredis_up 1\n");
            assertThat(policies.reaches(shopPrometheus, primary.ip(), METRICS_PORT))
                    .as("a Prometheus pod of any namespace by default (README)").isTrue();
            assertThat(policies.reaches(prometheus, primary.ip(), 6379)).as("a Prometheus pod to the Redis port").isFalse();
            assertThat(policies.reaches(unlabelled, primary.ip(), METRICS_PORT)).as("an unlabelled pod to the exporter").isFalse();
            assertThat(policies.reaches(pods.network().clientNamespace(), primary.ip(), METRICS_PORT))
                    .as("a Redis client to the exporter").isFalse();
            // The exporter's multi-target endpoint, asked for a Redis outside the cluster, gets no connection out.
            assertThat(scrape(pods, prometheus, primary, "/scrape?target=redis://" + outsideIp + ":6390"))
                    .as("the exporter asked to scrape an address outside the cluster").contains("\nredis_up 0\n");

            policies.use(NetworkPolicies.of(SentinelFaultsTest.render(SCENARIO, Map.of("metrics.enabled", true,
                    "networkPolicy.metricsNamespaceSelector.kubernetes\\.io/metadata\\.name", "monitoring"))));
            assertThat(policies.reaches(prometheus, primary.ip(), METRICS_PORT))
                    .as("Prometheus in the namespace metricsNamespaceSelector names").isTrue();
            assertThat(policies.reaches(shopPrometheus, primary.ip(), METRICS_PORT))
                    .as("Prometheus in another namespace once metricsNamespaceSelector is set").isFalse();

            // A NodePort or LoadBalancer Service brings clients from outside the cluster: refused until allowExternal.
            assertThat(policies.reaches(outside, primary.ip(), 6379)).as("an address outside the cluster to Redis").isFalse();
            policies.use(NetworkPolicies.of(SentinelFaultsTest.render(SCENARIO, Map.of("networkPolicy.allowExternal", true))));
            assertThat(policies.reaches(outside, primary.ip(), 6379))
                    .as("an address outside the cluster to Redis with networkPolicy.allowExternal (NOTES)").isTrue();
            assertThat(policies.reaches(outside, haproxy.ip(), 6379))
                    .as("an address outside the cluster to HAProxy with networkPolicy.allowExternal").isTrue();

            String report = policies.report();
            System.out.print("policy " + SCENARIO + " flows:\n" + report);
            assertThat(report)
                    .contains("ingress client -> faults-redis-node-0 tcp/6379 by faults-redis ingress[0]")
                    .contains("ingress client -> " + haproxy.name() + " tcp/6379 by faults-redis-haproxy ingress[0]")
                    .contains("egress " + haproxy.name() + " -> faults-redis-node-1 tcp/26379 by faults-redis-haproxy egress[2]")
                    .contains("refused at " + primary.name() + ": " + primary.name() + " -> outside-the-cluster tcp/443")
                    .contains("refused at " + primary.name() + ": " + primary.name() + " -> outside-the-cluster tcp/53")
                    .contains("egress " + primary.name() + " -> kube-dns tcp/53 by faults-redis egress[0]")
                    .contains("egress " + primary.name() + " -> dns-default tcp/5353 by faults-redis egress[1]")
                    .containsPattern("refused at faults-redis-node-[0-2]: unlabelled -> faults-redis-node-[0-2] tcp/6379")
                    .containsPattern("ingress prometheus -> " + primary.name() + " tcp/" + METRICS_PORT + " by faults-redis ingress\\[\\d\\]")
                    .contains("refused at " + primary.name() + ": " + primary.name() + " -> outside-the-cluster tcp/6390")
                    .contains("refused at " + primary.name() + ": shop-prometheus -> " + primary.name() + " tcp/" + METRICS_PORT);
        }
    }

    /** The body of an HTTP GET of the exporter's {@code path} on {@code pod}, from namespace {@code from}. */
    static String scrape(StatefulSetPods pods, String from, Pod pod, String path) {
        return pods.network().runIn(from, Duration.ofSeconds(40), "curl", "-sS", "--max-time", "30",
                "http://" + pod.ip() + ":" + METRICS_PORT + path).output();
    }

    /** A write through HAProxy's port from the labelled client namespace. */
    static final class SetThroughHaproxy {
        static void await(StatefulSetPods pods, Pod haproxy, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            RuntimeException last = null;
            while (System.nanoTime() < deadline) {
                try (Jedis jedis = pods.connect(haproxy, 6379, 1000)) {
                    if ("OK".equals(jedis.set("through-haproxy", "1"))) {
                        return;
                    }
                } catch (RuntimeException e) {
                    last = e;
                }
                org.redischart.chartgen.testing.LocalPods.sleep(Duration.ofMillis(300));
            }
            throw new AssertionError("no write through HAProxy within " + timeout + "\n" + haproxy.log("haproxy")
                    + "\n" + pods.policies().report(), last);
        }
    }
}
