package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
import redis.clients.jedis.Jedis;

/**
 * The files Redis and Sentinel write on the claim (dump.rdb, the AOF, nodes.conf, the
 * Sentinel state) are readable by their user alone, as the image's entrypoint (umask 0077)
 * would make them: the chart's command skips that entrypoint, so its start scripts set the
 * umask. Each process runs under this JVM's umask (0022 here), so a script that forgot it
 * leaves the files 0644.
 */
class DataFileModesTest {
    static final String RELEASE = "modes";
    static final String FULLNAME = "modes-redis";
    static final String PASSWORD = "modes-password-5Tz";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD).onRedisImageRoot();

    @TempDir
    Path work;

    @Test
    void dumpAndAofOfAStandaloneNodeAreTheUsersAlone() {
        int port = freePort();
        RenderedPod pod = RenderedPod.of(render(Map.of("profile", "stream", "redis.port", port)), FULLNAME, 0,
                loopbackBlock() + 1, PASSWORD, work, Map.of());
        RedisProcess redis = pods.start(pod, "redis", port);
        try (Jedis jedis = redis.connect()) {
            jedis.set("key", "value");
            jedis.save();
        }
        Map<String, String> modes = modes(pod.volume("data"));
        assertThat(modes).as("files and directories under /data").containsKeys("dump.rdb", "appendonlydir");
        assertOwnerOnly(modes);
    }

    @Test
    void nodesConfOfAClusterNodeIsTheUsersAlone() {
        int port = freePort();
        String block = loopbackBlock();
        RenderedPod pod = RenderedPod.of(render(Map.of("architecture", "cluster", "redis.port", port)), FULLNAME + "-cluster", 0,
                block + 1, PASSWORD, work, Map.of());
        pods.start(pod, "redis", port);
        Map<String, String> modes = modes(pod.volume("data"));
        assertThat(modes).as("files under /data").containsKey("nodes.conf");
        assertOwnerOnly(modes);
    }

    @Test
    void theSentinelStateIsTheUsersAlone() {
        int sentinelPort = freePort();
        Manifests manifests = render(Map.of("architecture", "sentinel", "redis.port", freePort(), "sentinel.port", sentinelPort));
        String block = loopbackBlock();
        Map<String, String> hosts = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            hosts.put(FULLNAME + "-node-" + i + "." + FULLNAME + "-node-headless.default.svc.cluster.local", block + (i + 1));
        }
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME + "-node", 0, block + 1, PASSWORD, work, hosts);
        pods.start(pod, "sentinel", sentinelPort);
        Path data = pod.volume("data");
        Await.until(Duration.ofSeconds(10), Duration.ofMillis(50), "Sentinel wrote its state",
                () -> Files.exists(data.resolve("sentinel/sentinel.conf")), pods::logs);
        Map<String, String> modes = modes(data);
        assertThat(modes).as("files and directories under /data").containsKeys("sentinel", "sentinel/sentinel.conf");
        assertOwnerOnly(modes);
    }

    private static void assertOwnerOnly(Map<String, String> modes) {
        System.out.println("data file modes: " + modes);
        assertThat(modes).as("modes under /data (group and others get nothing)")
                .allSatisfy((path, mode) -> assertThat(mode).as(path).endsWith("------"));
    }

    /** Path relative to {@code dir} to its permissions ("rw-------"), for everything Redis created there. */
    private static Map<String, String> modes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            Map<String, String> modes = new TreeMap<>();
            files.filter(f -> !f.equals(dir)).forEach(f -> {
                try {
                    modes.put(dir.relativize(f).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return modes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Manifests render(Map<String, Object> sets) {
        Map<String, Object> all = new HashMap<>(sets);
        all.put("auth.password", PASSWORD);
        return Manifests.parse(helm.render(RELEASE, null, all));
    }
}
