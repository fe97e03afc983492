package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.redischart.chartgen.sizing.MemoryQuantity;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.MemoryCgroup;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * The headroom rule on a real redis-server in a memory cgroup as tight as the container's
 * limit: each profile is filled to 1.5 × maxmemory with mixed value sizes while BGSAVE and
 * BGREWRITEAOF fork, at the chart's defaults. Redis evicts or refuses writes as its profile
 * says and is never OOM-killed. At α = 0 (requests = limits) Redis gets the same limit,
 * configuration and command as at the defaults (α moves requests only), so the same fills hold
 * for it; a test keeps that true. A control run with maxmemory equal to the limit (what the
 * rule prevents) shows the kernel does kill it.
 */
class HeadroomCgroupTest {
    static final String FULLNAME = "real-redis";
    static final String PASSWORD = "s3cret-test-password";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @TempDir
    Path work;

    @ParameterizedTest(name = "profile {0}, {1}")
    @CsvSource({"cache, defaults", "session, defaults", "stream, defaults"})
    void redisFilledPastMaxmemoryStaysUnderTheMemoryLimit(String profile, String sizing) {
        Map<String, Object> sets = new HashMap<>(Map.of("profile", profile));
        if (sizing.contains("percent ")) {
            sets.put("resources.maxmemoryPercent", sizing.substring(sizing.indexOf("percent ") + 8));
        }
        Fill fill = fill(sets, List.of());
        assertThat(fill.oomKills).as("OOM kills in the cgroup; redis log:%n%s", fill.log).isZero();
        assertThat(fill.alive).as("redis-server still running").isTrue();
        assertThat(fill.maxmemory).as("maxmemory below the limit").isLessThan(fill.limit);
    }

    /**
     * A fill at α = 0 would repeat one above: α moves the requests only, never the limit, the
     * configuration or the command Redis runs with. If it ever does, fill at α = 0 too.
     */
    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"cache", "session", "stream"})
    void alphaZeroGivesRedisWhatTheFilledDefaultsGiveIt(String profile) {
        Manifests filled = Manifests.parse(helm.render("real", null, Map.of("profile", profile)));
        Manifests alphaZero = Manifests.parse(helm.render("real", null, Map.of("profile", profile, "resources.alpha", "0")));
        JsonNode defaults = redisContainer(filled);
        JsonNode guaranteed = redisContainer(alphaZero);
        assertThat(guaranteed.at("/resources/requests")).as("requests at α = 0 (α applied)").isNotEqualTo(defaults.at("/resources/requests"))
                .isEqualTo(guaranteed.at("/resources/limits"));
        assertThat(guaranteed.at("/resources/limits")).as("limits").isEqualTo(defaults.at("/resources/limits"));
        assertThat(guaranteed.at("/command")).as("command").isEqualTo(defaults.at("/command"));
        assertThat(guaranteed.at("/args")).as("args").isEqualTo(defaults.at("/args"));
        assertThat(alphaZero.redisConf(FULLNAME)).as("redis.conf").isEqualTo(filled.redisConf(FULLNAME));
    }

    private static JsonNode redisContainer(Manifests manifests) {
        List<JsonNode> workloads = new java.util.ArrayList<>(manifests.ofKind("StatefulSet"));
        workloads.addAll(manifests.ofKind("Deployment"));
        return workloads.get(0).at("/spec/template/spec/containers/0");
    }

    @ParameterizedTest(name = "control: maxmemory = limit, profile {0}")
    @CsvSource({"stream"})
    void withoutHeadroomTheKernelKillsRedis(String profile) {
        // What the chart rendered before the headroom rule for requests = limits: maxmemory = limit
        // (given on the command line: redis.extraConfig may not set maxmemory any more).
        Fill fill = fill(Map.of("profile", profile, "resources.alpha", "0"),
                List.of("--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"));
        assertThat(fill.oomKills > 0 || !fill.alive).as("an OOM kill without headroom (peak %s)", fill.peak).isTrue();
    }

    private record Fill(long limit, long maxmemory, long oomKills, boolean alive, String peak, String log) {
    }

    private Fill fill(Map<String, Object> values, List<String> extraArgs) {
        int port = freePort();
        Map<String, Object> sets = new HashMap<>(values);
        sets.put("auth.password", PASSWORD);
        sets.put("redis.port", port);
        Manifests manifests = Manifests.parse(helm.render("real", null, sets));
        String conf = manifests.redisConf(FULLNAME);
        long maxmemory = RenderedConfig.bytes(RenderedConfig.directive(conf, "maxmemory").orElseThrow());
        int maxmemoryArg = extraArgs.indexOf("--maxmemory");
        if (maxmemoryArg >= 0) {
            maxmemory = RenderedConfig.bytes(extraArgs.get(maxmemoryArg + 1));
        }
        JsonNode redisContainer = redisContainer(manifests);
        long limit = MemoryQuantity.parse("limit", redisContainer.at("/resources/limits/memory").asText()).mebibytes() << 20;
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, loopbackBlock() + 1, PASSWORD, work, Map.of());

        long start = System.nanoTime();
        try (MemoryCgroup cgroup = MemoryCgroup.create(limit);
             RedisProcess redis = RedisProcess.start(pod.name() + "-redis", cgroup.wrap(java.util.stream.Stream.concat(pod.command("redis").stream(), extraArgs.stream()).toList()),
                     pod.env("redis"), pod.volume("tmp"), new HostAndPort(pod.ip(), port), PASSWORD)) {
            long written = 0;
            long refused = 0;
            Random random = new Random(7);
            try (Jedis jedis = redis.connect()) {
                for (int batch = 0; written < maxmemory * 3 / 2 && redis.isAlive(); batch++) {
                    Pipeline pipeline = jedis.pipelined();
                    for (int i = 0; i < 100; i++) {
                        int size = 512 + random.nextInt(16 * 1024);
                        byte[] value = new byte[size];
                        random.nextBytes(value);
                        byte[] key = ("key:" + batch + ":" + i).getBytes();
                        pipeline.set(key, value, i % 2 == 0 ? SetParams.setParams().ex(3600) : SetParams.setParams());
                        written += size;
                    }
                    for (Object reply : pipeline.syncAndReturnAll()) {
                        if (reply instanceof Exception) {
                            refused++;
                        }
                    }
                    if (batch % 40 == 20) {
                        fork(jedis, profile(values).equals("cache"));
                    }
                }
                waitForForks(jedis, redis);
            } catch (RuntimeException e) {
                // a killed server drops the connection; the cgroup's counters tell why
            }
            LocalPods.sleep(Duration.ofMillis(200));
            String peak = cgroup.peakBytes().map(b -> (b >> 20) + " MiB").orElse("not recorded");
            Fill fill = new Fill(limit, maxmemory, cgroup.oomKills(), redis.isAlive(), peak, tail(redis.log()));
            System.out.printf("headroom (%s) %s: limit %d MiB, maxmemory %d MiB, wrote %d MiB (%d writes refused), "
                            + "cgroup peak %s, limit hits %d, OOM kills %d, alive %s, %.1f s%n", cgroup.version(), values,
                    limit >> 20, maxmemory >> 20, written >> 20, refused, peak, cgroup.limitHits(), fill.oomKills,
                    fill.alive, (System.nanoTime() - start) / 1e9);
            return fill;
        }
    }

    /** A BGSAVE, and a BGREWRITEAOF where the profile keeps an AOF: forks whose copy-on-write counts too. */
    private static void fork(Jedis jedis, boolean cache) {
        try {
            jedis.bgsave();
            if (!cache) {
                jedis.bgrewriteaof();
            }
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            // one already in progress
        }
    }

    private static void waitForForks(Jedis jedis, RedisProcess redis) {
        for (int i = 0; i < 300 && redis.isAlive(); i++) {
            String persistence = jedis.info("persistence");
            if (persistence.contains("rdb_bgsave_in_progress:0") && persistence.contains("aof_rewrite_in_progress:0")) {
                return;
            }
            LocalPods.sleep(Duration.ofMillis(100));
        }
    }

    private static String profile(Map<String, Object> values) {
        return String.valueOf(values.get("profile"));
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
