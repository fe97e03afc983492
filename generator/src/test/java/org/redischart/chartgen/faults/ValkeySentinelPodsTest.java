package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.metrics.AlertSource;
import org.redischart.chartgen.testing.ExporterProcess;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.SuiteBanner;
import org.redischart.chartgen.testing.pods.ImageRoots;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.PolicyEndpoint;
import org.redischart.chartgen.testing.pods.PolicyEnforcer;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;

/**
 * Issue 31: the sentinel architecture with {@code engine: valkey} (faults/sentinel-cache.yaml:
 * RDB persistence, timings shortened) on the pod harness, Valkey 8.1 in its image root beside
 * HAProxy 3.0 and the exporter 1.69, the rendered NetworkPolicies enforced. One set goes
 * through what the Redis suites prove: the helm test pod's SET and GET of {@code key} through
 * the Sentinel Service and the write Service (HAProxy); ACL users held to their rules; the
 * metrics sidecar showing redis_up 1 to a Prometheus pod the policies admit; a graceful
 * deletion of the primary under a writer and a kill -9 of the primary losing no acknowledged
 * write, with one primary at the end.
 */
class ValkeySentinelPodsTest {
    static final String SCENARIO = "sentinel-cache";
    static final String LABEL = "valkey " + SCENARIO;
    static final String APP_PASSWORD = "valkey-app-pass-3Vq";
    static final String READER_PASSWORD = "valkey-reader-pass-8Wn";
    static final int METRICS_PORT = 9121;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void valkeySentinelSetServesClientsUsersAndMetricsAndKeepsEveryAcknowledgedWriteThroughFaults() {
        ImageRoots roots = ImageRoots.trixie();
        SuiteBanner.once("pods run on " + roots.valkeyVersion() + "; " + roots.haproxyVersion() + "; " + roots.exporterVersion());
        Manifests manifests = render();
        Path root = RepoLayout.root().resolve("generator/target/fault-pods").resolve("valkey-sentinel-" + System.nanoTime());
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root).enforcingPolicies()
                .withNewAddressOnRecreation().withImageRoots(roots)) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(SentinelFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE));
            Pod haproxy = pods.addRunOnce(manifests, manifests.get("Deployment", SentinelFaultsTest.RELEASE + "-redis-haproxy"));
            long start = System.nanoTime();
            set.nodes.forEach(Pod::start);
            haproxy.start();
            Pod primary = set.awaitSettled(set.nodes, SentinelFaultsTest.FAILOVER);
            System.out.printf("fault %s: 3 pods settled after %d ms, primary %s, servers %s%n", LABEL,
                    (System.nanoTime() - start) / 1_000_000, primary.name(), set.nodes.stream().map(p -> serverOf(set, p)).toList());
            assertThat(set.nodes).as("every node runs Valkey 8").allSatisfy(p -> assertThat(serverOf(set, p)).startsWith("valkey 8."));
            containerIsShapedLikeTheValkeyImage(set.node(0));

            System.out.printf("fault %s helm test pod: %s%n", LABEL, HelmTestPod.passes(pods, manifests, Map.of(
                    SentinelFaultsTest.RELEASE + "-redis-sentinel", set.node(0).ip(), SentinelFaultsTest.RELEASE + "-redis", haproxy.ip())));
            usersRunWhatTheirRulesAllow(set, primary);
            metricsReachAPrometheusPodOnly(set, primary);

            List<String> acked = new ArrayList<>(set.writeAcknowledged(primary, 200));
            SentinelFaultsTest.gracefulDeletionOfThePrimary(LABEL, set);
            acked.addAll(SentinelFaultsTest.crashAndRestartOfThePrimary(LABEL, set, acked, true));
            Pod last = set.awaitSettled(set.nodes, SentinelFaultsTest.FAILOVER);
            set.assertNoneMissing(last, acked, LABEL + " at the end");
            List<Pod> primaries = set.nodes.stream().filter(p -> set.role(p).equals(Optional.of("master"))).toList();
            assertThat(primaries).as("nodes answering as primary at the end\n" + set.sentinelViews()).containsExactly(last);
        }
    }

    /**
     * Inside the redis container: the valkey user's uid, the root read-only, /data writable, and
     * no redis-* names (Debian installs none), so the scripts that ran did not call them.
     */
    private static void containerIsShapedLikeTheValkeyImage(Pod pod) {
        String inside = pod.exec("redis", List.of("sh", "-c", "id -un; id -u; valkey-server --version; "
                + "touch /usr/bin/x 2>&1 || echo root read-only; touch /data/x && echo data writable; "
                + "command -v redis-cli redis-server redis-sentinel || echo no redis names"), java.time.Duration.ofSeconds(20)).output();
        System.out.printf("fault %s: inside the redis container: %s%n", LABEL, inside.strip().replace('\n', ' '));
        assertThat(inside).contains("valkey\n999\n").contains("v=8.1").contains("root read-only").contains("data writable")
                .contains("no redis names");
    }

    /** "valkey 8.1.1" from INFO server (Valkey also reports redis_version 7.2.4, for clients that check it). */
    private static String serverOf(RedisSet set, Pod pod) {
        try (Jedis jedis = set.pods.connect(pod, RedisSet.REDIS_PORT, 5000)) {
            String info = jedis.info("server");
            String valkey = RedisSet.field(info, "valkey_version");
            return valkey.isEmpty() ? "redis " + RedisSet.field(info, "redis_version") : "valkey " + valkey;
        }
    }

    /** acl.users on Valkey: each user runs what its rules allow and gets NOPERM for the rest; writes reach the replicas. */
    private static void usersRunWhatTheirRulesAllow(RedisSet set, Pod primary) {
        try (Jedis app = connect(set, primary, "app", APP_PASSWORD)) {
            assertThat(app.set("cache:greeting", "hello")).isEqualTo("OK");
            assertThat(app.get("cache:greeting")).isEqualTo("hello");
            assertThatThrownBy(() -> app.set("orders:1", "x")).as("a key outside ~cache:*").hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> app.configGet("maxmemory")).as("CONFIG outside +@read +@write").hasMessageContaining("NOPERM");
            assertThat(app.waitReplicas(2, 10_000)).as("both replicas acknowledge the app's write").isEqualTo(2);
        }
        try (Jedis reader = connect(set, primary, "reader", READER_PASSWORD)) {
            assertThat(reader.get("cache:greeting")).isEqualTo("hello");
            assertThatThrownBy(() -> reader.set("cache:greeting", "bye")).as("reader's SET").hasMessageContaining("NOPERM");
        }
        for (Pod replica : set.nodes.stream().filter(p -> p != primary).toList()) {
            try (Jedis reader = connect(set, replica, "reader", READER_PASSWORD)) {
                assertThat(reader.get("cache:greeting")).as("the app's write on " + replica.name()).isEqualTo("hello");
            }
        }
        System.out.printf("fault %s acl users: app SET/GET cache:* and got NOPERM for orders:1 and CONFIG; "
                + "reader read on every node and got NOPERM for SET%n", LABEL);
    }

    /**
     * The rendered metrics sidecar, scraped as the chart README says: a pod labelled
     * app.kubernetes.io/name: prometheus gets redis_up 1 and, from the primary's and a replica's,
     * every metric the alerts and the dashboard use; a client of Redis does not reach it.
     */
    private static void metricsReachAPrometheusPodOnly(RedisSet set, Pod primary) {
        StatefulSetPods pods = set.pods;
        PolicyEnforcer policies = pods.policies();
        String prometheus = policies.addPeer("pm", PolicyEndpoint.pod("prometheus", "monitoring",
                NetworkPolicyPodsTest.PROMETHEUS));
        String[] metrics = {""};
        org.redischart.chartgen.testing.Await.until(SentinelFaultsTest.READY, java.time.Duration.ofMillis(500),
                "the exporter beside Valkey shows redis_up 1", () -> {
                    metrics[0] = NetworkPolicyPodsTest.scrape(pods, prometheus, primary, "/metrics");
                    return metrics[0].contains("\nredis_up 1\n");
                }, () -> metrics[0].lines().filter(l -> l.startsWith("redis_up") || l.contains("error")).toList()
                        + "\n" + primary.log("metrics"));
        String instance = metrics[0].lines().filter(l -> l.startsWith("redis_instance_info{")).findFirst().orElse("(none)");
        assertThat(instance).as("the exporter's view of the server").contains("role=\"master\"");
        Pod replica = set.nodes.stream().filter(p -> p != primary).findFirst().orElseThrow();
        java.util.Set<String> exported = new java.util.TreeSet<>(ExporterProcess.names(metrics[0]));
        exported.addAll(ExporterProcess.names(NetworkPolicyPodsTest.scrape(pods, prometheus, replica, "/metrics")));
        assertThat(exported).as("metrics the alerts and the dashboard use, exported from Valkey")
                .containsAll(AlertSource.metricNames());
        assertThat(policies.reaches(pods.network().clientNamespace(), primary.ip(), METRICS_PORT))
                .as("a Redis client to the exporter").isFalse();
        System.out.printf("fault %s metrics: a Prometheus pod scraped redis_up 1 and the %d metrics the alerts and the "
                + "dashboard use through the NetworkPolicy; %s%n", LABEL, AlertSource.metricNames().size(), instance);
    }

    private static Jedis connect(RedisSet set, Pod pod, String user, String password) {
        return new Jedis(set.pods.address(pod, RedisSet.REDIS_PORT), DefaultJedisClientConfig.builder().user(user).password(password)
                .connectionTimeoutMillis(5000).socketTimeoutMillis(15_000).build());
    }

    /** faults/sentinel-cache.yaml with engine: valkey, the metrics sidecar and two ACL users; the helm test pod included. */
    private Manifests render() {
        Map<String, Object> sets = new java.util.HashMap<>(Map.of("engine", "valkey", "metrics.enabled", true,
                "acl.users[0].name", "app", "acl.users[0].rules", "+@read +@write +@connection ~cache:*",
                "acl.users[0].password", APP_PASSWORD));
        sets.putAll(Map.of("acl.users[1].name", "reader", "acl.users[1].rules", "+@read +@connection ~*",
                "acl.users[1].password", READER_PASSWORD));
        Path values = RepoLayout.testResources().resolve("faults").resolve(SCENARIO + ".yaml");
        return Manifests.parse(new HelmRenderer(RepoLayout.chart()).renderIncludingTestHooks(SentinelFaultsTest.RELEASE, values,
                sets, work));
    }
}
