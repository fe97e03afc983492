package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
    private final List<RedisProcess> processes = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void killProcesses() {
        processes.forEach(RedisProcess::close);
    }

    @Test
    void standaloneRequiresThePasswordAndServesTheRenderedSettings() {
        int port = freePort();
        Manifests manifests = render(Map.of("redis.port", port));
        String conf = manifests.redisConf(FULLNAME);
        String ip = loopbackBlock() + 1;
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, ip, PASSWORD, work, Map.of());
        RedisProcess redis = start(pod, "redis", port);

        try (Jedis anonymous = new Jedis(redis.address())) {
            assertThatThrownBy(() -> anonymous.get("key")).hasMessageContaining("NOAUTH");
        }
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
    void replicasServeWhatWasWrittenOnThePrimary() {
        int port = freePort();
        Manifests manifests = render(Map.of("architecture", "replication", "redis.port", port));
        String block = loopbackBlock();
        String primaryHost = FULLNAME + "-primary-0." + FULLNAME + "-primary-headless.default.svc.cluster.local";
        Map<String, String> hosts = Map.of(primaryHost, block + 1);
        RedisProcess primary = start(RenderedPod.of(manifests, FULLNAME + "-primary", 0, block + 1, PASSWORD, work, hosts),
                "redis", port);
        List<RedisProcess> replicas = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replicas.add(start(RenderedPod.of(manifests, FULLNAME + "-replica", i, block + (2 + i), PASSWORD, work, hosts),
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

    RedisProcess start(RenderedPod pod, String container, int port) {
        RedisProcess process = RedisProcess.start(pod.name() + "-" + container, pod.command(container),
                pod.env(container), pod.volume("tmp"), new HostAndPort(pod.ip(), port), PASSWORD);
        processes.add(process);
        return process;
    }

    /** A port free on every address, so each pod's loopback address can use it. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** "127.x.y." for a random x.y: concurrent runs on one machine get different addresses. */
    static String loopbackBlock() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + ".";
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
