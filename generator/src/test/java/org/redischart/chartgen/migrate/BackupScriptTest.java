package org.redischart.chartgen.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The backup CronJob's rendered script, run with the rendered container environment against
 * real redis-server processes: the snapshot restores into a fresh redis-server with every key,
 * only the newest backup.keep files stay, a failed backup leaves them alone, and with
 * Sentinel the snapshot comes from the replica the Sentinels report healthy. It runs on the
 * host's Redis 7.0 (the script's logic; {@code BackupRedis8PodsTest} takes and restores an RDB
 * version 12 snapshot on Redis 8, which 7.0 cannot read).
 */
class BackupScriptTest {
    private static final String PASSWORD = "backup-test-password";
    private static final int KEYS = 3000;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD);

    @TempDir
    Path work;

    @Test
    void snapshotRestoresIntoAFreshRedisAndOnlyTheNewestKeepFilesStay() throws Exception {
        int port = LocalPods.freePort();
        Manifests manifests = render(Map.of("redis.port", port, "service.port", port, "backup.keep", 3));
        String ip = LocalPods.loopbackBlock() + "1";
        RedisProcess redis = pods.start(RenderedPod.of(manifests, "bk-redis", 0, ip, PASSWORD, work, Map.of()), "redis", port);
        try (Jedis jedis = redis.connect()) {
            for (int i = 0; i < KEYS; i++) {
                jedis.set("key:" + i, "value-" + i);
            }
            jedis.rpush("list", "a", "b", "c");
        }
        Path backups = Files.createDirectories(work.resolve("backups"));
        for (String old : List.of("20200101T000000Z", "20200102T000000Z", "20200103T000000Z", "20200104T000000Z")) {
            Files.writeString(backups.resolve("dump-" + old + ".rdb"), "REDIS-old");
        }
        Files.writeString(backups.resolve("notes.txt"), "not a backup");

        Run run = backup(manifests, backups, Map.of("REDIS_HOST", ip));
        assertThat(run.exit()).as(run.output()).isZero();
        List<String> kept = list(backups);
        assertThat(kept).as(run.output()).hasSize(4).contains("notes.txt", "dump-20200104T000000Z.rdb", "dump-20200103T000000Z.rdb")
                .doesNotContain("dump-20200101T000000Z.rdb", "dump-20200102T000000Z.rdb");
        String snapshot = kept.stream().filter(n -> n.startsWith("dump-20") && !n.startsWith("dump-2020")).findFirst().orElseThrow();
        System.out.println("backup: " + snapshot + " " + Files.size(backups.resolve(snapshot)) + " bytes, "
                + run.millis() + " ms for " + KEYS + " keys");

        Path restore = Files.createDirectories(work.resolve("restore"));
        Files.copy(backups.resolve(snapshot), restore.resolve("dump.rdb"));
        String restoredIp = LocalPods.loopbackBlock() + "2";
        try (RedisProcess fresh = pods.track(RedisProcess.start("restored", List.of("redis-server", "--bind", restoredIp,
                "--port", String.valueOf(port), "--dir", restore.toString(), "--requirepass", PASSWORD, "--appendonly", "no",
                "--save", ""), Map.of(), restore, new HostAndPort(restoredIp, port), PASSWORD)); Jedis jedis = fresh.connect()) {
            assertThat(jedis.dbSize()).isEqualTo(KEYS + 1);
            for (int i = 0; i < KEYS; i++) {
                assertThat(jedis.get("key:" + i)).isEqualTo("value-" + i);
            }
            assertThat(jedis.lrange("list", 0, -1)).containsExactly("a", "b", "c");
        }

        Run failed = backup(manifests, backups, Map.of("REDIS_HOST", ip, "REDIS_PORT", String.valueOf(LocalPods.freePort())));
        assertThat(failed.exit()).as("no Redis there").isNotZero();
        assertThat(list(backups)).as("a failed backup changes nothing, leaves no partial file").isEqualTo(kept);
    }

    @Test
    void withSentinelTheSnapshotComesFromTheHealthyReplica() throws Exception {
        int port = LocalPods.freePort();
        int sentinelPort = LocalPods.freePort();
        String block = LocalPods.loopbackBlock();
        String primaryIp = block + "1";
        String replicaIp = block + "2";
        String sentinelIp = block + "3";
        RedisProcess primary = plainRedis("primary", primaryIp, port, List.of());
        RedisProcess replica = plainRedis("replica", replicaIp, port, List.of("--replicaof", primaryIp, String.valueOf(port), "--replica-announce-ip", replicaIp,
                "--masterauth", PASSWORD));
        try (Jedis jedis = primary.connect()) {
            jedis.set("from-primary", "1");
            jedis.waitReplicas(1, 5000);
        }
        Path conf = work.resolve("sentinel.conf");
        Files.writeString(conf, "port " + sentinelPort + "\nbind " + sentinelIp + "\nrequirepass " + PASSWORD + "\n"
                + "sentinel monitor payments " + primaryIp + " " + port + " 1\nsentinel auth-pass payments " + PASSWORD + "\n");
        pods.track(RedisProcess.start("sentinel", List.of("redis-sentinel", conf.toString()), Map.of(), work,
                new HostAndPort(sentinelIp, sentinelPort), PASSWORD));
        Await.until(java.time.Duration.ofSeconds(15), java.time.Duration.ofMillis(100), "the Sentinel sees the replica with its link up", () -> {
            try (Jedis s = new Jedis(new HostAndPort(sentinelIp, sentinelPort),
                    redis.clients.jedis.DefaultJedisClientConfig.builder().password(PASSWORD).build())) {
                return s.sentinelReplicas("payments").stream().anyMatch(r -> "slave".equals(r.get("flags"))
                        && "ok".equals(r.get("master-link-status")));
            }
        }, pods::logs);
        Manifests manifests = render(Map.of("architecture", "sentinel", "redis.port", port, "sentinel.port", sentinelPort,
                "sentinel.masterSet", "payments"));
        Path backups = Files.createDirectories(work.resolve("sentinel-backups"));

        Run run = backup(manifests, backups, Map.of("SENTINEL_HOST", sentinelIp));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("RDB snapshot of " + replicaIp + ":" + port);
        assertThat(list(backups)).hasSize(1);
        replica.close();
        assertThat(replica.isAlive()).isFalse();
    }

    private RedisProcess plainRedis(String name, String ip, int port, List<String> extra) {
        Path dir = work.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--bind", ip, "--port", String.valueOf(port),
                "--dir", dir.toString(), "--requirepass", PASSWORD, "--save", "", "--repl-diskless-sync-delay", "0"));
        command.addAll(extra);
        return pods.track(RedisProcess.start(name, command, Map.of(), dir, new HostAndPort(ip, port), PASSWORD));
    }

    private static Manifests render(Map<String, Object> sets) {
        Map<String, Object> all = new HashMap<>(sets);
        all.put("auth.password", PASSWORD);
        all.put("backup.enabled", true);
        // The primary sends the snapshot at once instead of waiting 5 s for more replicas.
        all.put("redis.extraConfig", "repl-diskless-sync-delay 0\n");
        return Manifests.parse(new HelmRenderer(RepoLayout.chart()).render("bk", null, all));
    }

    /** Runs the rendered backup.sh with the CronJob container's environment, {@code overrides} replacing names. */
    private Run backup(Manifests manifests, Path dir, Map<String, String> overrides) throws Exception {
        Path script = work.resolve("backup.sh");
        Files.writeString(script, manifests.get("ConfigMap", "bk-redis-backup").path("data").path("backup.sh").asText());
        JsonNode container = manifests.get("CronJob", "bk-redis-backup").at("/spec/jobTemplate/spec/template/spec/containers/0");
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (JsonNode env : container.path("env")) {
            if (env.has("value")) {
                builder.environment().put(env.path("name").asText(), env.path("value").asText());
            }
        }
        builder.environment().put("REDISCLI_AUTH", PASSWORD);
        builder.environment().put("BACKUP_DIR", dir.toString());
        builder.environment().putAll(overrides);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), output, (System.nanoTime() - start) / 1_000_000);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private record Run(int exit, String output, long millis) {
    }
}
