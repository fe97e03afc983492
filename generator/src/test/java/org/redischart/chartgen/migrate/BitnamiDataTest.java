package org.redischart.chartgen.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Keeping the data: a bitnami claim (RDB and AOF at the claim's root, owned by uid 1001) is
 * read by a real redis-server running as the user and fsGroup the chart renders for the
 * migrated values, after the ownership change the kubelet applies for fsGroup, with no root.
 */
class BitnamiDataTest {
    private static final String PASSWORD = "migrate-data";
    private static final int BITNAMI_UID = 1001;
    private static final int KEYS = 2000;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD).onRedisImageRoot();

    @TempDir
    Path tmp;

    @Test
    void redisAsTheChartsUserReadsEveryBitnamiKeyAfterTheFsGroupChange() throws Exception {
        JsonNode security = renderedPodSecurity();
        int uid = security.path("runAsUser").asInt();
        int fsGroup = security.path("fsGroup").asInt();
        assertThat(security.path("fsGroupChangePolicy").asText()).isEqualTo("OnRootMismatch");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path claim = Files.createDirectory(tmp.resolve("claim"));
        chown(claim, BITNAMI_UID, BITNAMI_UID);

        String ip = LocalPods.loopbackBlock() + "1";
        try (RedisProcess bitnami = redis("bitnami", BITNAMI_UID, BITNAMI_UID, claim, ip, true)) {
            try (Jedis jedis = bitnami.connect()) {
                for (int i = 0; i < KEYS; i++) {
                    jedis.set("key:" + i, "value-" + i);
                }
                jedis.hset("hash", Map.of("a", "1", "b", "2"));
                jedis.bgsave();
                awaitBgsave(jedis);
            }
        }
        assertThat(owners(claim)).as("the bitnami files belong to uid 1001").containsOnly(BITNAMI_UID);
        assertThat(claim.resolve("dump.rdb")).exists();
        assertThat(claim.resolve("appendonlydir")).isDirectory();

        // Before the kubelet's change Redis cannot use the files (the test can fail).
        Process refused = command(uid, fsGroup, claim, ip, true).start();
        assertThat(refused.waitFor(10, TimeUnit.SECONDS)).as("redis as " + uid + " on 1001's AOF stops").isTrue();
        assertThat(refused.exitValue()).isNotZero();

        applyFsGroup(claim, fsGroup);

        try (RedisProcess ours = redis("aof", uid, fsGroup, claim, ip, true); Jedis jedis = ours.connect()) {
            assertEveryKey(jedis);
            jedis.set("written-after-migration", "yes");
            jedis.bgsave();
            awaitBgsave(jedis);
        }
        try (RedisProcess ours = redis("rdb", uid, fsGroup, claim, ip, false); Jedis jedis = ours.connect()) {
            assertEveryKey(jedis);
            assertThat(jedis.get("written-after-migration")).isEqualTo("yes");
        }
    }

    private static void assertEveryKey(Jedis jedis) {
        for (int i = 0; i < KEYS; i++) {
            assertThat(jedis.get("key:" + i)).isEqualTo("value-" + i);
        }
        assertThat(jedis.hgetAll("hash")).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    private JsonNode renderedPodSecurity() throws IOException {
        Path out = tmp.resolve("values.yaml");
        Cli.Result migrated = Cli.run("migrate", "--from", "bitnami", "-f",
                RepoLayout.testResources().resolve("migrate/bitnami/standalone-persistence.yaml").toString(), "-o", out.toString());
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        Manifests manifests = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render("data", out));
        return manifests.get("StatefulSet", "data-redis").at("/spec/template/spec/securityContext");
    }

    /** What the kubelet does for fsGroup (SetVolumeOwnership): group, g+rw, dirs g+x and setgid. */
    private static void applyFsGroup(Path claim, int fsGroup) throws Exception {
        run("chgrp", "-R", String.valueOf(fsGroup), claim.toString());
        run("chmod", "-R", "ug+rw", claim.toString());
        run("find", claim.toString(), "-type", "d", "-exec", "chmod", "ug+x,g+s", "{}", "+");
    }

    private RedisProcess redis(String name, int uid, int gid, Path dir, String ip, boolean aof) {
        ProcessBuilder builder = command(uid, gid, dir, ip, aof);
        return pods.track(RedisProcess.start(name, builder.command(), Map.of(), tmp, new HostAndPort(ip, PORT), PASSWORD));
    }

    private static final int PORT = LocalPods.freePort();

    private ProcessBuilder command(int uid, int gid, Path dir, String ip, boolean aof) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--groups=" + gid,
                "redis-server", "--bind", ip, "--port", String.valueOf(PORT), "--dir", dir.toString(),
                "--requirepass", PASSWORD, "--appendonly", aof ? "yes" : "no", "--save", "", "--daemonize", "no"));
        return new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("refused.log").toFile());
    }

    private static void awaitBgsave(Jedis jedis) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jedis.info("persistence").contains("rdb_bgsave_in_progress:1") && System.nanoTime() < deadline) {
            LocalPods.sleep(java.time.Duration.ofMillis(20));
        }
        assertThat(jedis.info("persistence")).contains("rdb_last_bgsave_status:ok");
    }

    private static List<Integer> owners(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Integer> owners = new ArrayList<>();
            for (Path f : files.toList()) {
                owners.add((Integer) Files.getAttribute(f, "unix:uid"));
            }
            return owners;
        }
    }

    private static void chown(Path path, int uid, int gid) throws Exception {
        run("chown", uid + ":" + gid, path.toString());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command) + ": " + output).isTrue();
    }
}
