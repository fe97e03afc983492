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
 * cluster. The report names the policy rule that admitted each flow.
 */
class NetworkPolicyPodsTest {
    static final String SCENARIO = "sentinel-session";
    static final Duration SETTLE = Duration.ofSeconds(40);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void onlyWhatThePoliciesAdmitGetsThrough() {
        Manifests manifests = SentinelFaultsTest.render(SCENARIO);
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
                    .containsPattern("refused at faults-redis-node-[0-2]: unlabelled -> faults-redis-node-[0-2] tcp/6379");
        }
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
