package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redischart.chartgen.schema.Directives;
import org.redischart.chartgen.schema.RuleBook;
import org.redischart.chartgen.testing.ChartRules;
import org.redischart.chartgen.testing.ExtremeValues;
import org.redischart.chartgen.testing.ExtremeValues.End;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The rendered redis.conf and sentinel.conf at the schema's extreme values, loaded by real
 * redis-server and redis-sentinel: every numeric setting read back (CONFIG GET, SENTINEL
 * MASTER) equals the value configured. The values come from a file, as users give them, so
 * they reach the templates as float64 (where 3600000 used to become 3.6e+06, which
 * redis-sentinel reads as 3 ms).
 */
class ExtremeValuesRealRedisTest {
    static final String RELEASE = "edge";
    static final String FULLNAME = "edge-redis";
    static final String PASSWORD = "s3cret-edge-password";
    static final String MASTER_SET = "mymaster";
    /** Descriptors Redis keeps for itself beyond maxclients (CONFIG_MIN_RESERVED_FDS). */
    static final long RESERVED_FDS = 32;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD).onRedisImageRoot();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @TempDir
    Path work;

    @ParameterizedTest(name = "every numeric setting at its {0}")
    @EnumSource(End.class)
    void redisAndSentinelRunWithEveryNumericSettingAtTheEndOfItsRange(End end) {
        ExtremeValues extremes = new ExtremeValues(RepoLayout.chart());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(".auth.password", PASSWORD);
        extra.put(".resources.required.memory", end == End.MAXIMUM ? "4Ti" : "16Mi");
        ObjectNode values = extremes.values("sentinel", end, extra);
        Path file = extremes.write(values, work.resolve(end + ".yaml"));
        Map<String, Long> integers = extremes.integers(end);
        Manifests manifests = Manifests.parse(helm.render(RELEASE, file));
        String redisConf = manifests.redisConf(FULLNAME);
        int redisPort = integers.get(".redis.port").intValue();
        int sentinelPort = redisPort + (end == End.MAXIMUM ? -1 : 1);
        int nodes = 1 + (end == End.MAXIMUM ? integers.get(".replica.replicaCount").intValue() : 2);

        // Only node 0 runs; the other nodes' addresses refuse connections, as pods not yet started.
        String block = loopbackBlock();
        Map<String, String> hosts = new HashMap<>();
        for (int i = 0; i < nodes; i++) {
            hosts.put(FULLNAME + "-node-" + i + "." + FULLNAME + "-node-headless.default.svc.cluster.local", block + (i + 1));
        }
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME + "-node", 0, block + 1, PASSWORD, work, hosts);
        // The rendered redis.conf itself: node 0's start script would wait for a majority of
        // Sentinels, and only this node runs.
        List<String> redisServer = List.of("redis-server", pod.volume("config").resolve("redis.conf").toString(),
                "--requirepass", PASSWORD);
        RedisProcess redis = pods.track(RedisProcess.start(pod.name() + "-redis", redisServer, pod.env("redis"),
                pod.volume("tmp"), new HostAndPort(pod.ip(), redisPort), PASSWORD));

        RuleBook rules = ChartRules.of(RepoLayout.chart());
        assertThat(directivesOf(redisConf)).as("redis.conf lines that no value's x-redis-directive names and rules.yaml's "
                + "chartOwned does not list: extraConfig could override them, and migrate and this read-back miss them")
                .isSubsetOf(rules.ownedDirectives().keySet());
        Directives directives = rules.directives();
        Map<String, String> expected = new LinkedHashMap<>();
        directives.redis().forEach((directive, value) -> configured(redisConf, directive, value, values, end)
                .ifPresent(setting -> expected.put(directive, setting)));
        expected.put("maxclients", String.valueOf(honouredMaxclients(integers.get(".redis.maxclients"))));
        // maxmemory is no value's: the chart derives it from resources.
        expected.put("maxmemory", String.valueOf(RenderedConfig.bytes(RenderedConfig.directive(redisConf, "maxmemory").orElseThrow())));
        Map<String, String> actual = configGet(redis, expected);
        System.out.printf("redis-server at the %s: %s%n", end, actual);
        assertThat(actual).isEqualTo(expected);

        RedisProcess sentinel = pods.start(pod, "sentinel", sentinelPort);
        Map<String, String> master;
        try (Jedis jedis = sentinel.connect()) {
            master = jedis.sentinelMaster(MASTER_SET);
        }
        // sentinel.conf's port is the Sentinel's own, in INFO; the other settings are the primary's.
        Map<String, String> expectedMaster = new LinkedHashMap<>();
        directives.sentinel().forEach((setting, value) -> expectedMaster.put(setting, given(values, value).asText()));
        String ownPort = expectedMaster.remove("port");
        expectedMaster.put("port", String.valueOf(redisPort));
        Map<String, String> actualMaster = new LinkedHashMap<>();
        expectedMaster.keySet().forEach(key -> actualMaster.put(key, master.get(key)));
        System.out.printf("redis-sentinel at the %s: %s%n", end, actualMaster);
        assertThat(actualMaster).isEqualTo(expectedMaster);
        try (Jedis jedis = sentinel.connect()) {
            assertThat(jedis.info("server")).contains("tcp_port:" + ownPort + "\r\n");
        }
    }

    /**
     * What Redis must report for an annotated directive: the integer the values file gives (so a
     * number rendered as 3.6e+06 shows), else the rendered line's argument. Every one has its
     * line at the maximum (a value whose template line is missing fails here, naming it); at the
     * minimum some are off (min-replicas-to-write 0 writes no min-replicas lines).
     */
    private static Optional<String> configured(String redisConf, String directive, String value, JsonNode values, End end) {
        Optional<String> line = RenderedConfig.directive(redisConf, directive);
        if (line.isEmpty() && end == End.MINIMUM) {
            System.out.printf("not written at the minimum: %s (%s)%n", directive, value);
            return Optional.empty();
        }
        String argument = line.orElseThrow(() -> new AssertionError(
                value + " names " + directive + " (x-redis-directive), but the rendered redis.conf has no such line"));
        JsonNode given = given(values, value);
        return Optional.of(given.isIntegralNumber() ? given.asText() : argument.replace("\"", ""));
    }

    /** The directive of each line of a redis.conf, comments and blank lines left out. */
    private static List<String> directivesOf(String conf) {
        return conf.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+")[0].toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** The value the values file gives at a dotted path (missing when it leaves the default). */
    private static JsonNode given(JsonNode values, String dotted) {
        return values.at("/" + dotted.replace('.', '/'));
    }

    /**
     * The maxclients Redis can honour: it keeps 32 descriptors for itself and lowers maxclients
     * to fit the open-file limit it inherits (this JVM's hard limit; container runtimes give
     * 1048576, so 100000 holds in a pod, but a test machine may give less).
     */
    private static long honouredMaxclients(long configured) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String hard = line.substring("Max open files".length()).trim().split("\\s+")[1];
                    long limit = "unlimited".equals(hard) ? Long.MAX_VALUE : Long.parseLong(hard);
                    if (limit - RESERVED_FDS < configured) {
                        System.out.printf("open-file limit %d: Redis honours maxclients %d, not %d%n",
                                limit, limit - RESERVED_FDS, configured);
                    }
                    return Math.min(configured, limit - RESERVED_FDS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return configured;
    }

    /**
     * CONFIG GET of each setting on one connection. At maxclients 1 the connection that waited
     * for PING may still hold the only slot for a moment, so a refused connection is retried.
     */
    private Map<String, String> configGet(RedisProcess redis, Map<String, String> settings) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try (Jedis jedis = redis.connect()) {
                Map<String, String> values = new LinkedHashMap<>();
                settings.keySet().forEach(key -> values.put(key, jedis.configGet(key).get(key)));
                return values;
            } catch (JedisDataException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("max number of clients")) {
                    throw e;
                }
                LocalPods.sleep(Duration.ofMillis(50));
            }
        }
    }
}
