package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes well past maxmemory into a real Redis of each profile: cache evicts and keeps
 * serving; session and stream refuse writes with Redis' OOM error; no process dies.
 */
class MemoryLimitTest {
    static final String FULLNAME = "real-redis";
    static final String PASSWORD = "s3cret-test-password";
    /** Required 16Mi with the default α 0.5: a memory request, and so a maxmemory, of 8Mi. */
    static final String REQUIRED_MEMORY = "16Mi";
    static final long MAXMEMORY_BYTES = 8L * 1024 * 1024;
    static final int VALUE_BYTES = 4096;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD).onRedisImageRoot();

    @TempDir
    Path work;

    @ParameterizedTest(name = "profile {0}: {1}")
    @CsvSource({"cache, allkeys-lru, evicts", "session, volatile-lru, refuses", "stream, noeviction, refuses"})
    void writesPastMaxmemoryAreEvictedOrRefusedAsTheProfileSays(String profile, String policy, String behaviour) {
        int port = freePort();
        Manifests manifests = Manifests.parse(helm.render("real", null, Map.of("profile", profile,
                "auth.password", PASSWORD, "redis.port", port, "resources.required.memory", REQUIRED_MEMORY)));
        String conf = manifests.redisConf(FULLNAME);
        assertThat(RenderedConfig.directive(conf, "maxmemory-policy")).contains(policy);
        long maxmemory = RenderedConfig.bytes(RenderedConfig.directive(conf, "maxmemory").orElseThrow());
        assertThat(maxmemory).as("maxmemory the sizing model derives").isEqualTo(MAXMEMORY_BYTES);
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, loopbackBlock() + 1, PASSWORD, work, Map.of());
        RedisProcess redis = pods.start(pod, "redis", port);

        String value = "x".repeat(VALUE_BYTES);
        int writes = (int) (3 * maxmemory / VALUE_BYTES);
        int stored = 0;
        JedisDataException refused = null;
        try (Jedis jedis = redis.connect()) {
            assertThat(Long.parseLong(jedis.configGet("maxmemory").get("maxmemory"))).isEqualTo(maxmemory);
            for (int i = 0; i < writes && refused == null; i++) {
                try {
                    jedis.set("key:" + i, value);
                    stored++;
                } catch (JedisDataException e) {
                    refused = e;
                }
            }
            if (behaviour.equals("evicts")) {
                assertThat(refused).as("a cache never refuses a write").isNull();
                assertThat(Long.parseLong(field(jedis.info("stats"), "evicted_keys"))).isPositive();
                assertThat(jedis.dbSize()).isLessThan(writes);
                assertThat(jedis.get("key:" + (writes - 1))).isEqualTo(value);
            } else {
                assertThat(refused).as("a write past maxmemory").isNotNull();
                assertThat(refused.getMessage()).startsWith("OOM");
                assertThat(jedis.dbSize()).as("nothing evicted").isEqualTo(stored);
                assertThat(jedis.get("key:0")).isEqualTo(value);
            }
            assertThat(Long.parseLong(field(jedis.info("memory"), "used_memory"))).isLessThan(maxmemory * 2);
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        System.out.printf("profile %s: %d of %d writes of %d bytes stored under maxmemory %d (%s)%n", profile,
                stored, writes, VALUE_BYTES, maxmemory, refused == null ? "evicting" : refused.getMessage());
        assertThat(redis.isAlive()).isTrue();
    }

    private static String field(String info, String name) {
        return RenderedConfig.directive(info.replace(':', ' ').replace("\r", ""), name).orElseThrow();
    }
}
