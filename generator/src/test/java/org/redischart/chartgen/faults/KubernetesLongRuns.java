package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.ClusterDns;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The fault runs too long for make test, which make bench runs ({@code FaultBench}; the name
 * keeps surefire off them): ten minutes of steady writes with every pod at its default limits
 * and the kubelet's probes running, and the graceful-deletion and rolling-restart scenarios of
 * {@link SentinelFaultsTest} again with limits, DNS caching (30 s) and new pod addresses. Their
 * guarantees are asserted as in the suites; each prints one "k8s …" line with its figures.
 */
class KubernetesLongRuns {
    /** {@code -Dsoak.minutes}: 10 by default, as the issue states. */
    static final Duration SOAK = Duration.ofMinutes(Long.getLong("soak.minutes", 10));
    /** The writer's keys cycle over this many keys of {@link #VALUE_BYTES}: about 60 MB, under the default maxmemory. */
    static final int KEYS = 50_000;
    static final int VALUE_BYTES = 1_000;
    /** SETs a second, in pipelined batches of 20. */
    static final int RATE = 400;
    /** How often the primary is asked to rewrite its AOF and to write a snapshot (each a fork). */
    static final Duration FORK_EVERY = Duration.ofMinutes(2);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void tenMinutesOfSteadyWritesAtTheDefaultLimitsRestartNothing() {
        Manifests manifests = SentinelFaultsTest.render("sentinel-session");
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root("soak"))
                .withLimits().withKubelet(Duration.ofSeconds(10)).enforcingPolicies()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(SentinelFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE));
            set.nodes.forEach(Pod::start);
            Pod primary = set.awaitSettled(set.nodes, KubernetesFaultsTest.SETTLE);
            set.awaitReady(set.nodes, KubernetesFaultsTest.SETTLE);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            Thread writer = new Thread(() -> write(pods, primary, running, written, errors), "soak-writer");
            writer.setDaemon(true);
            long start = System.nanoTime();
            writer.start();
            int forks = 0;
            long peakRss = 0;
            try {
                long nextFork = start + FORK_EVERY.toNanos();
                while (System.nanoTime() - start < SOAK.toNanos()) {
                    if (System.nanoTime() >= nextFork) {
                        forks += fork(pods, primary);
                        nextFork += FORK_EVERY.toNanos();
                    }
                    peakRss = Math.max(peakRss, Long.parseLong(set.info(primary, "memory", "used_memory_rss")));
                    LocalPods.sleep(Duration.ofSeconds(5));
                }
            } finally {
                running.set(false);
            }
            try {
                writer.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

            List<String> restarts = new ArrayList<>();
            long oomKills = 0;
            long throttled = 0;
            for (Pod pod : set.nodes) {
                for (String container : List.of("redis", "sentinel")) {
                    if (pod.restarts(container) > 0) {
                        restarts.add(pod.name() + "/" + container + " " + pod.restarts(container));
                    }
                    oomKills += pod.oomKills(container);
                    throttled += pod.throttledPeriods(container);
                }
            }
            String rewrites = set.info(primary, "persistence", "aof_rewrites");
            String saves = set.info(primary, "persistence", "rdb_saves");
            System.out.printf("k8s soak at the default limits (Redis limit %s, Sentinel %s): %d s of SETs at %d/s over %d keys of "
                    + "%d bytes, %d acknowledged, %d failed; %d forks asked (AOF rewrites %s, RDB saves %s); primary's peak RSS %d MiB; "
                    + "container restarts %s, OOM kills %d, CFS periods throttled %d%n",
                    KubernetesFaultsTest.limit(manifests, "redis", "memory"), KubernetesFaultsTest.limit(manifests, "sentinel", "memory"), seconds, RATE, KEYS, VALUE_BYTES,
                    written.get(), errors.get(), forks, rewrites, saves, peakRss >> 20, restarts, oomKills, throttled);
            assertThat(restarts).as(() -> "containers restarted by a probe or an exit\n" + pods.logs()).isEmpty();
            assertThat(oomKills).as("OOM kills").isZero();
            assertThat(set.nodes).allSatisfy(pod -> assertThat(pod.terminations()).as(pod.name()).isEmpty());
            assertThat(errors.get()).as("failed SETs").isZero();
            assertThat(Long.parseLong(rewrites)).as("AOF rewrites done while writing").isPositive();
        }
    }

    @Test
    void gracefulDeletionAndRollingRestartWithLimitsAndDnsCaching() {
        Manifests manifests = SentinelFaultsTest.render("sentinel-session");
        ClusterDns dns = new ClusterDns().positiveTtl(Duration.ofSeconds(30)).negativeTtl(Duration.ofSeconds(30));
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root("roll-dns"))
                .withLimits().withKubelet(Duration.ofSeconds(10)).withDns(dns).withNewAddressOnRecreation()
                .enforcingPolicies()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(SentinelFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE));
            set.nodes.forEach(Pod::start);
            set.awaitSettled(set.nodes, KubernetesFaultsTest.SETTLE);
            String scenario = "sentinel-session with limits, DNS cached 30 s and new addresses";
            SentinelFaultsTest.gracefulDeletionOfThePrimary(scenario, set);
            SentinelFaultsTest.rollingRestart(scenario, set);
        }
    }

    /** SETs over the cycling keyspace, {@link #RATE} a second, to the primary; counts acknowledged and failed ones. */
    private static void write(StatefulSetPods pods, Pod primary, AtomicBoolean running, AtomicLong written, AtomicLong errors) {
        String value = "v".repeat(VALUE_BYTES);
        long n = 0;
        long next = System.nanoTime();
        while (running.get()) {
            try (Jedis jedis = pods.connect(primary, RedisSet.REDIS_PORT, 5000)) {
                while (running.get()) {
                    Pipeline pipeline = jedis.pipelined();
                    for (int i = 0; i < 20; i++) {
                        pipeline.set("soak:" + (n++ % KEYS), value);
                    }
                    pipeline.sync();
                    written.addAndGet(20);
                    next += Duration.ofSeconds(1).toNanos() * 20 / RATE;
                    LocalPods.sleep(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                }
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                LocalPods.sleep(Duration.ofMillis(100));
                next = System.nanoTime();
            }
        }
    }

    /** BGREWRITEAOF and BGSAVE on the primary: the forks whose copy-on-write counts against its memory limit. */
    private static int fork(StatefulSetPods pods, Pod primary) {
        try (Jedis jedis = pods.connect(primary, RedisSet.REDIS_PORT, 5000)) {
            jedis.bgrewriteaof();
            LocalPods.sleep(Duration.ofSeconds(20));
            jedis.bgsave();
            return 2;
        }
    }

    private static Path root(String name) {
        return RepoLayout.root().resolve("generator/target/fault-pods").resolve("long-" + name + "-" + System.nanoTime());
    }
}
