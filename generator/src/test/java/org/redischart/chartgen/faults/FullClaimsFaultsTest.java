package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;

/**
 * Claims that run full (64 MiB loop-mounted filesystems), as {@link KubernetesFaultsTest} deals
 * its faults: limits, the kubelet, enforced policies. A class of its own so it runs beside the
 * other Kubernetes scenarios.
 */
class FullClaimsFaultsTest {
    private static final Duration SETTLE = KubernetesFaultsTest.SETTLE;
    private static final Duration MARGIN = KubernetesFaultsTest.MARGIN;
    /** How long the primary with a full claim is watched for a failover (its AOF first uses the last free blocks). */
    static final Duration FULL_CLAIM_WATCH = Duration.ofSeconds(40);
    /** How long every claim stays full: long enough for the Sentinels to fail over more than once. */
    static final Duration ALL_FULL_WATCH = Duration.ofSeconds(30);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void fullClaims() {
        Manifests manifests = SentinelFaultsTest.render("sentinel-session");
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, KubernetesFaultsTest.root("full-claim"))
                .withLimits().withKubelet(Duration.ofSeconds(10)).withSmallClaims(64L << 20).enforcingPolicies()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(SentinelFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE));
            set.nodes.forEach(Pod::start);
            Pod primary = set.awaitSettled(set.nodes, SETTLE);
            // Replicas promotable in the Sentinels' view (they read replica-priority every 10 s): before that a
            // failover may pass over the replica a WAIT 1 reached (see the chart README, High availability).
            set.awaitReady(set.nodes, SETTLE);
            List<String> acked = new ArrayList<>(set.writeAcknowledged(primary, 200));

            // A Sentinel whose claim is full still starts (its pod recreated).
            Pod full = set.nodes.stream().filter(p -> p != primary).findFirst().orElseThrow();
            full.fillClaim("data");
            full.delete();
            long created = System.nanoTime();
            full.start();
            boolean sentinelReady = full.awaitProbe("sentinel", "readinessProbe", SETTLE);
            long sentinelAfter = System.nanoTime() - created;
            full.freeClaim("data");
            set.awaitSettled(set.nodes, SETTLE);

            // The primary's claim full: once Redis has used the last free blocks its AOF writes
            // fail; it then refuses writes (MISCONF) but still answers PING, so neither Sentinel
            // nor a probe notices: the chart's join-election.sh hands over.
            primary.fillClaim("data");
            long filled = System.nanoTime();
            SentinelWriter writer = new SentinelWriter(set, "full");
            Pod now = null;
            long firstError = -1;
            long failover = -1;
            try {
                long deadline = System.nanoTime() + FULL_CLAIM_WATCH.toNanos();
                while (now == null && System.nanoTime() < deadline) {
                    if (firstError < 0 && "err".equals(aofWriteStatus(pods, primary))) {
                        firstError = System.nanoTime();
                    }
                    java.util.Optional<Pod> named = set.primaryByMajority(set.nodes);
                    if (firstError >= 0 && named.isPresent() && named.get() != primary
                            && set.role(named.get()).equals(java.util.Optional.of("master"))) {
                        now = named.get();
                        failover = System.nanoTime() - firstError;
                    }
                    LocalPods.sleep(Duration.ofMillis(200));
                }
            } finally {
                writer.close();
                primary.freeClaim("data");
            }
            Pod last = set.awaitWritablePrimary(set.nodes, SETTLE);
            List<String> lost = set.missing(last, writer.acknowledged());
            lost.addAll(set.missing(last, acked));
            System.out.printf("k8s claims full (64 MiB): a Sentinel with a full claim Ready %s after %d ms; primary %s's claim full: "
                    + "first AOF write error %s, %s (goal: failover within 10000 ms), %d SETs acknowledged meanwhile, "
                    + "%d failed, longest error window %d ms, %d acknowledged lost%n",
                    sentinelReady, sentinelAfter / 1_000_000, primary.name(),
                    firstError < 0 ? "never seen" : (firstError - filled) / 1_000_000 + " ms after the claim was filled",
                    now == null ? "no failover within " + FULL_CLAIM_WATCH.toMillis() + " ms"
                            : "writable primary " + now.name() + " " + failover / 1_000_000 + " ms after that error",
                    writer.acknowledged().size(), writer.failed(), writer.longestErrorWindow().toMillis(), lost.size());
            AllFull allFull = allClaimsFull(pods, set, last);
            System.out.printf("k8s all claims full (64 MiB each, %d s): primaries named in turn %s, %d SETs acknowledged meanwhile, "
                    + "%d failed; keys a promoted node lacked when named: %s; writable primary %s %d ms after the claims were freed, "
                    + "%d acknowledged lost%n", ALL_FULL_WATCH.toSeconds(), allFull.named(), allFull.acknowledged().size(),
                    allFull.failed(), allFull.lackedWhenNamed(), allFull.after().name(), allFull.freedToWritable() / 1_000_000,
                    allFull.lost().size());
            assertThat(sentinelReady).as(() -> "the Sentinel with a full claim Ready\n" + pods.logs()).isTrue();
            assertThat(firstError).as("the full claim makes AOF writes fail").isNotNegative();
            assertThat(allFull.lackedWhenNamed()).as(() -> "acknowledged keys a node lacked when it was promoted, all claims full\n"
                    + pods.logs()).allSatisfy((node, keys) -> assertThat(keys).as(node).isEmpty());
            assertThat(allFull.lost()).as(() -> "acknowledged writes lost, all claims full\n" + pods.logs()).isEmpty();
            assertThat(lost).as(() -> "acknowledged writes lost\n" + pods.logs()).isEmpty();
            assertThat(now).as(() -> "a failover off the primary whose claim is full\n" + pods.logs()).isNotNull();
            assertThat(Duration.ofNanos(failover)).as("failover after the first AOF write error")
                    .isLessThan(Duration.ofSeconds(10).plus(MARGIN));
        }
    }

    /** What became of a Sentinel set whose every claim was full for {@link #ALL_FULL_WATCH}. */
    record AllFull(List<String> named, Map<String, List<String>> lackedWhenNamed, List<String> acknowledged, long failed,
            Pod after, long freedToWritable, List<String> lost) {
    }

    /**
     * Every claim full while a writer keeps writing: each node the Sentinel majority names
     * primary meanwhile must hold every write acknowledged (WAIT 1) before it was named; once
     * the claims are free again a primary takes writes with every acknowledged write.
     */
    private static AllFull allClaimsFull(StatefulSetPods pods, RedisSet set, Pod primary) {
        List<String> acked = new ArrayList<>(set.writeAcknowledged(primary, 100));
        set.nodes.forEach(pod -> pod.fillClaim("data"));
        SentinelWriter writer = new SentinelWriter(set, "all-full");
        List<String> named = new ArrayList<>(List.of(primary.name()));
        Map<String, List<String>> lacked = new LinkedHashMap<>();
        Pod current = primary;
        long freed;
        try {
            long deadline = System.nanoTime() + ALL_FULL_WATCH.toNanos();
            while (System.nanoTime() < deadline) {
                java.util.Optional<Pod> now = set.primaryByMajority(set.nodes);
                if (now.isPresent() && now.get() != current && set.role(now.get()).equals(java.util.Optional.of("master"))) {
                    current = now.get();
                    List<String> before = new ArrayList<>(acked);
                    before.addAll(writer.acknowledged());
                    named.add(current.name());
                    lacked.merge(current.name(), set.missing(current, before), (a, b) -> {
                        List<String> both = new ArrayList<>(a);
                        both.addAll(b);
                        return both;
                    });
                }
                LocalPods.sleep(Duration.ofMillis(200));
            }
        } finally {
            writer.close();
            set.nodes.forEach(pod -> pod.freeClaim("data"));
            freed = System.nanoTime();
        }
        Pod after = set.awaitWritablePrimary(set.nodes, SETTLE);
        long writable = System.nanoTime() - freed;
        List<String> lost = set.missing(after, acked);
        lost.addAll(set.missing(after, writer.acknowledged()));
        return new AllFull(named, lacked, writer.acknowledged(), writer.failed(), after, writable, lost);
    }

    private static String aofWriteStatus(StatefulSetPods pods, Pod pod) {
        try {
            return RedisSet.field(pods.ask(pod, RedisSet.REDIS_PORT, 1000, jedis -> jedis.info("persistence")), "aof_last_write_status");
        } catch (RuntimeException e) {
            return "";
        }
    }
}
