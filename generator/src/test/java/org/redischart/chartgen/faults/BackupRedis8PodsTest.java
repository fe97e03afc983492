package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.ImageRoots;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.Shell;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.Jedis;

/**
 * Backups on the Redis that ships (8.x writes RDB version 12; the host's 7.0 writes 10 and
 * cannot read 12): the backup CronJob's pod, on the Redis 8 image root, snapshots a standalone
 * Redis 8 with {@code redis-cli --rdb}; the file starts {@code REDIS0012}; restored as the chart
 * README says (the file on the claim as dump.rdb, {@code redis.appendonly=false}), a Redis 8
 * pod of a fresh release serves every key.
 */
class BackupRedis8PodsTest {
    static final String RELEASE = "bk8";
    static final String FULLNAME = RELEASE + "-redis";
    static final String PASSWORD = "backup-8-password";
    static final int KEYS = 3000;
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void aRedis8SnapshotIsRdbVersion12AndRestoresEveryKeyIntoRedis8() throws IOException {
        ImageRoots roots = ImageRoots.redis8();
        System.out.println("backup redis 8: " + roots.redisVersion());
        snapshotAndRestore("backup redis 8", roots, Map.of(), "REDIS0012", "redis_version:8.", work);
    }

    /**
     * The backup CronJob's pod snapshots a standalone pod of the chart rendered with
     * {@code sets} on {@code roots}; the file starts {@code header}; restored as the chart README
     * says into a pod of a fresh release, whose INFO server holds {@code serverInfo}, every key is back.
     */
    static void snapshotAndRestore(String label, ImageRoots roots, Map<String, Object> sets, String header, String serverInfo,
            Path work) throws IOException {
        Manifests manifests = render(sets);
        Path snapshot;
        try (StatefulSetPods pods = new StatefulSetPods(manifests, PASSWORD, podRoot("backup")).enforcingPolicies()
                .withImageRoots(roots)) {
            Pod redis = pods.addStatefulSet(FULLNAME, HelmRenderer.NAMESPACE).get(0);
            redis.start();
            assertThat(redis.awaitProbe("redis", "readinessProbe", WAIT)).as(() -> "readiness\n" + pods.logs()).isTrue();
            try (Jedis jedis = pods.connect(redis, 6379, 10_000)) {
                for (int i = 0; i < KEYS; i++) {
                    jedis.set("key:" + i, "value-" + i);
                }
                jedis.rpush("list", "a", "b", "c");
            }
            pods.network().publish(FULLNAME, redis.ip());
            Pod job = pods.addRunOnce(manifests, cronJobAsWorkload(manifests.get("CronJob", FULLNAME + "-backup")));
            long started = System.nanoTime();
            Shell.Result run = job.runToCompletion("backup", WAIT);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(run.exit()).as("backup Job\n%s", run.output()).isZero();
            snapshot = onlySnapshot(job.volumePath("backup"));
            String found = header(snapshot);
            System.out.printf("%s: %s, %d bytes, header %s, %d ms for %d keys (the backup Job's snapshot)%n",
                    label, snapshot.getFileName(), Files.size(snapshot), found, millis, KEYS);
            assertThat(found).as("RDB header of the snapshot").isEqualTo(header);
            snapshot = Files.copy(snapshot, work.resolve("snapshot.rdb"));
        }

        // The README's restore: the file on the (here fresh) claim as dump.rdb, the AOF off.
        Map<String, Object> restore = new java.util.HashMap<>(sets);
        restore.put("redis.appendonly", false);
        try (StatefulSetPods pods = new StatefulSetPods(render(restore), PASSWORD, podRoot("restore")).withImageRoots(roots)) {
            Pod restored = pods.addStatefulSet(FULLNAME, HelmRenderer.NAMESPACE).get(0);
            Files.createDirectories(restored.volumePath("data"));
            Files.copy(snapshot, restored.volumePath("data").resolve("dump.rdb"));
            restored.start();
            assertThat(restored.awaitProbe("redis", "readinessProbe", WAIT)).as(() -> "restored pod's readiness\n" + pods.logs()).isTrue();
            try (Jedis jedis = pods.connect(restored, 6379, 10_000)) {
                assertThat(jedis.info("server")).contains(serverInfo);
                assertThat(jedis.dbSize()).as("keys in the restored pod").isEqualTo(KEYS + 1);
                for (int i = 0; i < KEYS; i++) {
                    assertThat(jedis.get("key:" + i)).isEqualTo("value-" + i);
                }
                assertThat(jedis.lrange("list", 0, -1)).containsExactly("a", "b", "c");
                System.out.println(label + ": restored into a fresh pod: " + jedis.info("persistence").lines()
                        .filter(l -> l.startsWith("rdb_last_load_keys_loaded")).findFirst().orElse("(no load figure)"));
            }
        }
    }

    private static Manifests render(Map<String, Object> sets) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of("architecture", "standalone", "auth.password", PASSWORD,
                "persistence.enabled", true, "backup.enabled", true));
        all.putAll(sets);
        return Manifests.parse(new HelmRenderer(RepoLayout.chart()).render(RELEASE, null, all));
    }

    /** The CronJob's pod template as a run-once workload (metadata.name, spec.template). */
    private static JsonNode cronJobAsWorkload(JsonNode cronJob) {
        ObjectNode wrapped = new ObjectMapper().createObjectNode();
        wrapped.set("metadata", cronJob.path("metadata"));
        wrapped.putObject("spec").set("template", cronJob.at("/spec/jobTemplate/spec/template"));
        return wrapped;
    }

    private static Path onlySnapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> snapshots = files.filter(p -> p.getFileName().toString().matches("dump-[0-9]{8}T[0-9]{6}Z\\.rdb")).toList();
            assertThat(snapshots).as("snapshots on the backup claim").hasSize(1);
            return snapshots.get(0);
        }
    }

    /** The first nine bytes: "REDIS" and the RDB version, four digits. */
    private static String header(Path rdb) throws IOException {
        try (var in = Files.newInputStream(rdb)) {
            return new String(Arrays.copyOf(in.readNBytes(9), 9), StandardCharsets.US_ASCII);
        }
    }

    private static Path podRoot(String step) {
        return RepoLayout.root().resolve("generator/target/fault-pods").resolve("backup-redis8-" + step + "-" + System.nanoTime());
    }
}
