package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.ExecProbe;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.Jedis;

/**
 * The chart's standalone and replication architectures, rendered by the real Helm engine and
 * run as real redis-server processes (Debian's, on loopback addresses): each pod is started
 * with the command, environment and configuration files the manifests give it.
 */
class RealRedisTest {
    static final String RELEASE = "real";
    static final String FULLNAME = "real-redis";
    static final String PASSWORD = "s3cret-test-password";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD).onRedisImageRoot();

    /** The Redis this suite runs: Redis 8 from the trixie root, or the host's with -Drealredis.redis=host. */
    @BeforeAll
    static void printTheRedisItRuns() {
        System.out.println("real redis: " + LocalPods.redisVersion());
    }

    @TempDir
    Path work;

    @Test
    void standaloneRequiresThePasswordAndServesTheRenderedSettings() {
        int port = freePort();
        Manifests manifests = render(Map.of("redis.port", port));
        String conf = manifests.redisConf(FULLNAME);
        String ip = loopbackBlock() + 1;
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, ip, PASSWORD, work, Map.of());
        RedisProcess redis = pods.start(pod, "redis", port);

        try (Jedis anonymous = new Jedis(redis.address())) {
            assertThatThrownBy(() -> anonymous.get("key")).hasMessageContaining("NOAUTH");
        }
        assertThat(redis.commandLine()).as("redis-server's command line (ps)")
                .startsWith("redis-server").doesNotContain(PASSWORD);
        try (Jedis jedis = redis.connect()) {
            assertThat(jedis.set("key", "value")).isEqualTo("OK");
            assertThat(jedis.get("key")).isEqualTo("value");
            assertThat(jedis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy",
                    RenderedConfig.directive(conf, "maxmemory-policy").orElseThrow());
            assertThat(jedis.configGet("maxmemory-policy").get("maxmemory-policy")).isEqualTo("volatile-lru");
            assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "yes");
            // Hook for the sizing work: once the chart renders maxmemory, Redis must run with it.
            long expected = RenderedConfig.directive(conf, "maxmemory").map(RenderedConfig::bytes).orElse(0L);
            assertThat(Long.parseLong(jedis.configGet("maxmemory").get("maxmemory"))).isEqualTo(expected);
        }
    }

    @Test
    void probesPassWithThePasswordFromTheSecretAndFailWithoutIt() {
        int port = freePort();
        RenderedPod pod = RenderedPod.of(render(Map.of("redis.port", port)), FULLNAME, 0, loopbackBlock() + 1,
                PASSWORD, work, Map.of());
        pods.start(pod, "redis", port);
        Map<String, String> env = pod.env("redis");

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            List<String> command = pod.probeCommand("redis", probe);
            assertThat(command).as(probe).isNotEmpty();
            assertThat(ExecProbe.exitCode(command, env)).as(probe + " with the password").isZero();
            Map<String, String> wrong = new HashMap<>(env);
            wrong.put("REDISCLI_AUTH", "not-the-password");
            assertThat(ExecProbe.exitCode(command, wrong)).as(probe + " with a wrong password").isNotZero();
            Map<String, String> none = new HashMap<>(env);
            none.remove("REDISCLI_AUTH");
            assertThat(ExecProbe.exitCode(command, none)).as(probe + " without a password").isNotZero();
        }
    }

    @Test
    void helmTestPodScriptSetsAndGetsTheKeyOnTheRenderedRedis() {
        int port = freePort();
        Map<String, Object> sets = Map.of("redis.port", port, "service.port", port, "auth.password", PASSWORD);
        Manifests manifests = Manifests.parse(helm.renderIncludingTestHooks(RELEASE, sets, work));
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, loopbackBlock() + 1, PASSWORD, work, Map.of());
        RedisProcess redis = pods.start(pod, "redis", port);
        String script = manifests.get("Pod", FULLNAME + "-test-setget").at("/spec/containers/0/command/2").asText();

        int exit = ExecProbe.exitCode(List.of("sh", "-c", script),
                Map.of("REDIS_HOST", pod.ip(), "REDIS_PORT", String.valueOf(port), "REDISCLI_AUTH", PASSWORD));

        assertThat(exit).isZero();
        try (Jedis jedis = redis.connect()) {
            assertThat(jedis.get("key")).isEqualTo("value");
        }
    }

    @Test
    void replicasServeWhatWasWrittenOnThePrimary() {
        int port = freePort();
        Manifests manifests = render(Map.of("architecture", "replication", "redis.port", port));
        String block = loopbackBlock();
        String primaryHost = FULLNAME + "-primary-0." + FULLNAME + "-primary-headless.default.svc.cluster.local";
        Map<String, String> hosts = Map.of(primaryHost, block + 1);
        RedisProcess primary = pods.start(RenderedPod.of(manifests, FULLNAME + "-primary", 0, block + 1, PASSWORD, work, hosts),
                "redis", port);
        List<RedisProcess> replicas = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replicas.add(pods.start(RenderedPod.of(manifests, FULLNAME + "-replica", i, block + (2 + i), PASSWORD, work, hosts),
                    "redis", port));
        }

        try (Jedis jedis = primary.connect()) {
            jedis.set("written-on", "primary");
            assertThat(jedis.waitReplicas(2, 10_000)).as("replicas acknowledging the write").isEqualTo(2);
        }
        for (RedisProcess replica : replicas) {
            try (Jedis jedis = replica.connect()) {
                assertThat(jedis.get("written-on")).isEqualTo("primary");
                assertThatThrownBy(() -> jedis.set("written-on", "replica")).hasMessageContaining("READONLY");
            }
        }
    }

    Manifests render(Map<String, Object> sets) {
        Map<String, Object> all = new HashMap<>(sets);
        all.put("auth.password", PASSWORD);
        return Manifests.parse(helm.render(RELEASE, null, all));
    }




}
