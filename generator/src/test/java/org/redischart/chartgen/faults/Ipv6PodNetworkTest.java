package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.Jedis;

/**
 * The sentinel architecture on an IPv6-only pod network (issue 16): every pod of the rendered
 * StatefulSet in its own network namespace whose only non-loopback address is IPv6, names
 * resolving to those addresses. Redis (bind as rendered) replicates over IPv6, the Sentinels
 * find each other and announce the pods' names, and a failover moves the primary without
 * losing an acknowledged write.
 */
class Ipv6PodNetworkTest {
    static final String RELEASE = "faults";
    static final String STATEFULSET = "faults-redis-node";
    static final String PASSWORD = "fault-suite-password";
    static final Duration SETTLE = Duration.ofSeconds(30);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void sentinelReplicatesAndFailsOverOnIpv6PodAddresses() {
        Path values = RepoLayout.testResources().resolve("faults").resolve("sentinel-cache.yaml");
        Manifests manifests = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render(RELEASE, values,
                Map.of("service.ipFamilyPolicy", "SingleStack", "service.ipFamilies[0]", "IPv6")));
        assertThat(manifests.get("ConfigMap", "faults-redis").path("data").path("redis.conf").asText()).contains("bind * -::*");
        assertThat(manifests.get("ConfigMap", "faults-redis-haproxy").path("data").path("haproxy.cfg").asText())
                .as("HAProxy listens on IPv6 when its Service is IPv6").contains("bind :::6379 v4v6");
        Path root = RepoLayout.root().resolve("generator/target/fault-pods").resolve("ipv6-" + System.nanoTime());
        long start = System.nanoTime();
        try (StatefulSetPods pods = new StatefulSetPods(manifests, PASSWORD, root, true).enforcingPolicies()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(STATEFULSET, HelmRenderer.NAMESPACE));
            set.nodes.forEach(Pod::start);
            assertThat(set.nodes).allSatisfy(pod -> assertThat(pod.ip()).as("pod address").contains(":").doesNotContain("."));
            Pod primary = set.awaitSettled(set.nodes, SETTLE);
            long settled = System.nanoTime() - start;

            List<String> peers = new ArrayList<>();
            try (Jedis jedis = pods.connect(primary, RedisSet.REDIS_PORT, 5000)) {
                for (String client : jedis.clientList().split("\n")) {
                    if (client.contains("flags=S")) {
                        peers.add(client.replaceAll(".* addr=(\\S+) .*", "$1"));
                    }
                }
            }
            assertThat(peers).as("replicas connected to the primary over IPv6").hasSize(set.nodes.size() - 1)
                    .allSatisfy(addr -> assertThat(addr).startsWith("[" + primary.ip().substring(0, primary.ip().lastIndexOf(':'))));
            List<String> acked = new ArrayList<>(set.writeAcknowledged(primary, 100));
            // A bare SENTINEL FAILOVER (no preStop handover pausing writes) may promote either
            // replica from the Sentinels' last INFO: both must hold every write first, so the
            // check below is about IPv6, not about which replica WAIT 1 happened to reach.
            try (Jedis jedis = pods.connect(primary, RedisSet.REDIS_PORT, 5000)) {
                assertThat(jedis.waitReplicas(set.nodes.size() - 1, 5000)).as("replicas holding every write")
                        .isEqualTo(set.nodes.size() - 1);
            }

            Pod sentinel = set.nodes.stream().filter(p -> p != primary).findFirst().orElseThrow();
            // A Sentinel reads a replica's replica-priority every 10 s and a replica joins the
            // election only after its first sync: until it has seen that, it answers NOGOODSLAVE.
            set.await(SETTLE, "a Sentinel accepting SENTINEL FAILOVER", () -> {
                try (Jedis jedis = pods.connect(sentinel, RedisSet.SENTINEL_PORT, 5000)) {
                    return "OK".equals(jedis.sentinelFailover(RedisSet.MASTER_SET));
                }
            });
            long failover = System.nanoTime();
            set.await(SETTLE, "a new primary named by the Sentinels", () -> set.primaryByMajority(set.nodes)
                    .filter(p -> p != primary).isPresent());
            Pod promoted = set.awaitWritablePrimary(set.nodes, SETTLE);
            System.out.printf("ipv6: 3 sentinel pods on %s…/64 settled in %d ms; replicas connected from %s; "
                    + "SENTINEL FAILOVER %s -> %s writable in %d ms; %d acknowledged writes kept%n",
                    primary.ip().substring(0, primary.ip().indexOf("::") + 2), Duration.ofNanos(settled).toMillis(), peers,
                    primary.name(), promoted.name(), Duration.ofNanos(System.nanoTime() - failover).toMillis(), acked.size());
            assertThat(promoted).as("the primary after SENTINEL FAILOVER").isNotEqualTo(primary);
            set.assertNoneMissing(promoted, acked, "ipv6 failover");
        }
    }
}
