package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;

/**
 * Issue 25: planned deletions of a Sentinel set's pods under real write load (2 KB values
 * every 5 ms, 400 KB/s, through Sentinel discovery), with a replica behind a throttled link
 * or 100 MB of data to resync. Every SET acknowledged must survive; each scenario prints one
 * line with the lag at each deletion and the error window.
 */
class SentinelWriteLoadTest {
    static final Duration WRITE_PERIOD = Duration.ofMillis(5);
    static final int VALUE_BYTES = 2048;
    static final Duration SETTLE = Duration.ofSeconds(60);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    /**
     * One replica pod gone, the link into the other capped at 1 Mbit/s while writes arrive at
     * 400 KB/s, then the primary deleted the Kubernetes way and recreated at once: the
     * lagging replica must not be promoted before it has every acknowledged write.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sentinel-session", "sentinel-cache"})
    void plannedDeletionWithALaggingReplicaLosesNoAcknowledgedWrite(String scenario) {
        try (StatefulSetPods pods = new StatefulSetPods(SentinelFaultsTest.render(scenario), SentinelFaultsTest.PASSWORD,
                podRoot(scenario + "-lagging")).enforcingPolicies()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(SentinelFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE));
            set.nodes.forEach(Pod::start);
            Pod primary = set.awaitSettled(set.nodes, SETTLE);
            set.awaitReady(set.nodes, SETTLE);
            List<Pod> replicas = set.nodes.stream().filter(p -> p != primary).toList();
            Pod gone = replicas.get(0);
            Pod lagging = replicas.get(1);
            gone.delete();
            pods.network().throttle(lagging.namespace(), "1mbit");
            long lag;
            long deleted;
            Duration deletion;
            Pod now;
            SentinelWriter writer = new SentinelWriter(set, "load", WRITE_PERIOD, VALUE_BYTES);
            try {
                LocalPods.sleep(Duration.ofSeconds(12));
                lag = set.offset(primary) - set.offset(lagging);
                deleted = System.nanoTime();
                deletion = primary.delete();
                primary.start();
                now = set.awaitWritablePrimary(List.of(primary, lagging), SETTLE);
                LocalPods.sleep(Duration.ofSeconds(1));
            } finally {
                writer.close();
                pods.network().unthrottle(lagging.namespace());
            }
            List<String> before = writer.acknowledgedBefore(deleted);
            List<String> lost = set.missing(now, writer.acknowledged());
            System.out.printf("fault %s planned deletion of the primary %s with %s lagging %d KB behind a 1 Mbit/s link "
                    + "at 400 KB/s of writes: deletion took %d ms, %s, %d SETs acknowledged before the deletion "
                    + "(%d in all), %d failed, %d acknowledged lost, longest error window %d ms%n",
                    scenario, primary.name(), lagging.name(), lag / 1024, deletion.toMillis(),
                    now == primary ? "it stopped as the primary and resumed" : now.name() + " promoted after catching up",
                    before.size(), writer.acknowledged().size(), writer.failed(), lost.size(),
                    writer.longestErrorWindow().toMillis());
            assertThat(lag).as("the replica lagged at the deletion (the link cap worked)").isGreaterThan(256 * 1024);
            assertThat(before).as("writes acknowledged before the deletion").isNotEmpty();
            assertThat(lost).as(() -> "acknowledged SETs lost by a planned deletion with a lagging replica\n" + pods.logs())
                    .isEmpty();
        }
    }

    /**
     * A rolling update of every pod (highest ordinal first, each Ready before the next) with
     * 100 MB of data and writes at 400 KB/s: each restarted replica resyncs 100 MB, and the
     * next pod is deleted only once it is caught up and promotable.
     */
    @Test
    void rollingRestartWith100MegabytesUnderLoadLosesNoAcknowledgedWrite() {
        String scenario = "sentinel-session";
        // 100 MB needs room: maxmemory follows the memory request (the micro preset's is far below).
        Manifests manifests = SentinelFaultsTest.render(scenario, Map.of("resources.required.memory", "1Gi"));
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, podRoot(scenario + "-rolling")).enforcingPolicies()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(SentinelFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE));
            set.nodes.forEach(Pod::start);
            Pod primary = set.awaitSettled(set.nodes, SETTLE);
            set.load(primary, 50_000, VALUE_BYTES, 2);
            set.awaitReady(set.nodes, SETTLE);
            List<String> lags = new ArrayList<>();
            long start = System.nanoTime();
            SentinelWriter writer = new SentinelWriter(set, "roll", WRITE_PERIOD, VALUE_BYTES);
            try {
                for (int i = set.nodes.size() - 1; i >= 0; i--) {
                    Pod pod = set.node(i);
                    Pod current = set.awaitPrimaryRole(set.nodes, SETTLE);
                    // The replicas' offsets first, the primary's last: a lag is never read as negative.
                    long[] behind = set.nodes.stream().filter(p -> p != current).mapToLong(set::offset).toArray();
                    long top = set.offset(current);
                    long worst = java.util.Arrays.stream(behind).map(o -> top - o).max().orElse(0);
                    lags.add(pod.name() + (pod == current ? " (primary)" : "") + " " + worst / 1024 + " KB");
                    pod.delete();
                    pod.start();
                    set.awaitReady(List.of(pod), Duration.ofSeconds(120));
                }
                LocalPods.sleep(Duration.ofSeconds(1));
            } finally {
                writer.close();
            }
            Pod now = set.awaitWritablePrimary(set.nodes, SETTLE);
            List<String> lost = set.missing(now, writer.acknowledged());
            System.out.printf("fault %s rolling restart of %d pods with 100 MB at 400 KB/s of writes: %d ms, "
                    + "largest replica lag at each deletion: %s; %d SETs acknowledged, %d failed, %d acknowledged lost, "
                    + "longest error window %d ms%n",
                    scenario, set.nodes.size(), Duration.ofNanos(System.nanoTime() - start).toMillis(), lags,
                    writer.acknowledged().size(), writer.failed(), lost.size(), writer.longestErrorWindow().toMillis());
            assertThat(lost).as(() -> "acknowledged SETs lost by a rolling restart under load\n" + pods.logs()).isEmpty();
            assertThat(Long.parseLong(set.info(now, "keyspace", "db0").replaceAll("^keys=([0-9]+).*", "$1")))
                    .as("the 50,000 keys of 2 KB survive").isGreaterThanOrEqualTo(50_000);
        }
    }

    private static Path podRoot(String name) {
        return RepoLayout.root().resolve("generator/target/fault-pods").resolve(name + "-" + System.nanoTime());
    }
}
