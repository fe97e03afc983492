package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Await;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.SentinelViews;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentinelPool;

/**
 * The sentinel architecture on real processes: three pods, each a redis-server and a
 * redis-sentinel started by the chart's own start scripts. Killing the primary must promote a
 * replica within the rendered Sentinel timeouts, lose no write acknowledged by WAIT, and a
 * restarted old primary must come back as a replica (no split brain).
 */
class SentinelFailoverTest {
    static final String RELEASE = "real";
    static final String FULLNAME = "real-redis";
    static final String PASSWORD = "s3cret-test-password";
    static final String MASTER_SET = "mymaster";
    static final int NODES = 3;
    /**
     * Small Sentinel timeouts through the chart's values, so the test fails over in seconds;
     * the Sentinels start before node 0's Redis (it waits for a majority of them), so a
     * down-after shorter than that start would fail over from a primary still starting.
     */
    static final int DOWN_AFTER_MS = 3000;
    static final int FAILOVER_TIMEOUT_MS = 5000;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    @RegisterExtension
    final LocalPods processes = new LocalPods(PASSWORD).onRedisImageRoot();

    /** The Redis this suite runs: Redis 8 from the trixie root, or the host's with -Drealredis.redis=host. */
    @BeforeAll
    static void printTheRedisItRuns() {
        System.out.println("sentinel failover: " + LocalPods.redisVersion());
    }

    @TempDir
    Path work;

    @Test
    void sentinelPromotesAReplicaWhenThePrimaryDiesAndNoAcknowledgedWriteIsLost() {
        int redisPort = freePort();
        int sentinelPort = freePort();
        Manifests manifests = Manifests.parse(helm.render(RELEASE, null, Map.of(
                "architecture", "sentinel", "auth.password", PASSWORD,
                "redis.port", redisPort, "sentinel.port", sentinelPort,
                "sentinel.downAfterMilliseconds", DOWN_AFTER_MS, "sentinel.failoverTimeout", FAILOVER_TIMEOUT_MS,
                "redis.minReplicasMaxLag", 1)));
        String sentinelConf = manifests.get("ConfigMap", FULLNAME + "-sentinel").path("data").path("sentinel.conf").asText();
        assertThat(sentinelConf).contains("sentinel down-after-milliseconds " + MASTER_SET + " " + DOWN_AFTER_MS,
                "sentinel failover-timeout " + MASTER_SET + " " + FAILOVER_TIMEOUT_MS);

        String block = loopbackBlock();
        Map<String, String> hosts = new HashMap<>();
        for (int i = 0; i < NODES; i++) {
            hosts.put(FULLNAME + "-node-" + i + "." + FULLNAME + "-node-headless.default.svc.cluster.local", block + (i + 1));
        }
        List<RenderedPod> pods = new ArrayList<>();
        List<RedisProcess> redis = new ArrayList<>();
        List<RedisProcess> sentinels = new ArrayList<>();
        // Sentinels first: a node's Redis starts once a majority of them names the primary.
        for (int i = 0; i < NODES; i++) {
            pods.add(RenderedPod.of(manifests, FULLNAME + "-node", i, block + (i + 1), PASSWORD, work, hosts));
            sentinels.add(processes.start(pods.get(i), "sentinel", sentinelPort));
        }
        for (int i = 0; i < NODES; i++) {
            redis.add(processes.start(pods.get(i), "redis", redisPort));
        }
        awaitTrue(Duration.ofSeconds(20), "every Sentinel sees 2 replicas and 2 other Sentinels",
                () -> sentinels.stream().allMatch(s -> {
                    try (Jedis jedis = s.connect()) {
                        Map<String, String> master = jedis.sentinelMaster(MASTER_SET);
                        return "2".equals(master.get("num-slaves")) && "2".equals(master.get("num-other-sentinels"));
                    }
                }));

        // Sentinels know every node from the start; writes need a synced replica (min-replicas-to-write 1).
        awaitTrue(Duration.ofSeconds(20), "both replicas synced and the primary taking writes", () -> {
            try (Jedis jedis = redis.get(0).connect()) {
                return jedis.info("replication").contains("connected_slaves:2") && "OK".equals(jedis.set("synced", "yes"));
            }
        });
        Set<HostAndPort> sentinelAddresses = sentinels.stream().map(RedisProcess::address).collect(Collectors.toSet());
        JedisClientConfig client = DefaultJedisClientConfig.builder().password(PASSWORD)
                .connectionTimeoutMillis(2000).socketTimeoutMillis(10_000).build();
        try (JedisSentinelPool pool = new JedisSentinelPool(MASTER_SET, sentinelAddresses, client, client)) {
            RedisProcess primary = redis.get(0);
            assertThat(pool.getCurrentHostMaster()).isEqualTo(primary.address());
            List<String> acknowledged = writeAcknowledged(pool, 500);

            // Replicas join the election after their first sync; every Sentinel reads that within 10 s.
            awaitTrue(Duration.ofSeconds(40), "every Sentinel sees both replicas promotable with fresh INFO",
                    SentinelViews.replicasPromotable(sentinels, MASTER_SET, 2));
            primary.kill();
            long killed = System.nanoTime();
            awaitTrue(Duration.ofMillis(DOWN_AFTER_MS + FAILOVER_TIMEOUT_MS + 20_000), "a Sentinel names a new primary",
                    () -> !primaryNamedBy(sentinels.get(1)).equals(primary.address()));
            Duration promotion = Duration.ofNanos(System.nanoTime() - killed);
            HostAndPort promoted = primaryNamedBy(sentinels.get(1));
            System.out.printf("Sentinel promoted %s %d ms after the primary was killed "
                    + "(down-after-milliseconds %d, failover-timeout %d)%n",
                    promoted, promotion.toMillis(), DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS);
            // The promotion's own bound plus a margin for 2 busy cores: the line above prints the figure.
            assertThat(promotion).isLessThan(Duration.ofMillis(DOWN_AFTER_MS + FAILOVER_TIMEOUT_MS + 10_000));

            awaitTrue(Duration.ofSeconds(15), "the pool writes to the new primary", () -> {
                try (Jedis jedis = pool.getResource()) {
                    return "OK".equals(jedis.set("after-failover", "yes"));
                } catch (RuntimeException e) {
                    return false;
                }
            });
            try (Jedis jedis = pool.getResource()) {
                assertThat(pool.getCurrentHostMaster()).isEqualTo(promoted);
                List<String> lost = acknowledged.stream().filter(k -> !k.equals(jedis.get(k))).toList();
                assertThat(lost).as("acknowledged writes missing after failover").isEmpty();
            }

            // The old primary's pod restarts: its start script must find the new primary.
            RedisProcess restarted = processes.start(pods.get(0), "redis", redisPort);
            try (Jedis jedis = restarted.connect()) {
                assertThat(jedis.info("replication")).as("restarted old primary")
                        .contains("role:slave", "master_host:" + promoted.getHost());
                awaitTrue(Duration.ofSeconds(15), "the restarted node syncs",
                        () -> jedis.info("replication").contains("master_link_status:up"));
                assertThat(jedis.get("after-failover")).isEqualTo("yes");
                assertThat(jedis.get(acknowledged.get(0))).isEqualTo(acknowledged.get(0));
            }
        }
    }

    /** Writes keys through the pool; a key counts only once WAIT says both replicas have it. */
    private static List<String> writeAcknowledged(JedisSentinelPool pool, int count) {
        List<String> keys = new ArrayList<>();
        try (Jedis jedis = pool.getResource()) {
            for (int i = 0; i < count; i++) {
                String key = "acked:" + i;
                jedis.set(key, key);
                keys.add(key);
            }
            assertThat(jedis.waitReplicas(NODES - 1, 5000)).as("replicas acknowledging").isEqualTo(NODES - 1);
        }
        return keys;
    }

    private static HostAndPort primaryNamedBy(RedisProcess sentinel) {
        try (Jedis jedis = sentinel.connect()) {
            List<String> address = jedis.sentinelGetMasterAddrByName(MASTER_SET);
            return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
        }
    }


    private void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
        Await.until(timeout, Duration.ofMillis(50), what, condition, processes::logs);
    }
}
