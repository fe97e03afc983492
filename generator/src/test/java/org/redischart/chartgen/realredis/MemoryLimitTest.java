package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.realredis.RealRedisTest.freePort;
import static org.redischart.chartgen.realredis.RealRedisTest.loopbackBlock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes well past maxmemory into a real Redis of each profile: cache evicts and keeps
 * serving; session and stream refuse writes with Redis' OOM error; no process dies.
 */
class MemoryLimitTest {
    static final String FULLNAME = "real-redis";
    static final String PASSWORD = "s3cret-test-password";
    /**
     * Until the sizing work renders maxmemory from the memory limit, the test sets it through
     * redis.extraConfig; the last maxmemory line of the rendered redis.conf is the one checked.
     */
    static final String MAXMEMORY = "maxmemory 8mb";
    static final int VALUE_BYTES = 4096;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    private final List<RedisProcess> processes = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void killProcesses() {
        processes.forEach(RedisProcess::close);
    }

    @ParameterizedTest(name = "profile {0}: {1}")
    @CsvSource({"cache, allkeys-lru, evicts", "session, volatile-lru, refuses", "stream, noeviction, refuses"})
    void writesPastMaxmemoryAreEvictedOrRefusedAsTheProfileSays(String profile, String policy, String behaviour) {
        int port = freePort();
        Manifests manifests = Manifests.parse(helm.render("real", null, Map.of("profile", profile,
                "auth.password", PASSWORD, "redis.port", port, "redis.extraConfig", MAXMEMORY)));
        String conf = manifests.redisConf(FULLNAME);
        assertThat(RenderedConfig.directive(conf, "maxmemory-policy")).contains(policy);
        long maxmemory = RenderedConfig.bytes(RenderedConfig.directive(conf, "maxmemory").orElseThrow());
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, loopbackBlock() + 1, PASSWORD, work, Map.of());
        RedisProcess redis = RedisProcess.start(pod.name(), pod.command("redis"), pod.env("redis"), pod.volume("tmp"),
                new HostAndPort(pod.ip(), port), PASSWORD);
        processes.add(redis);

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
