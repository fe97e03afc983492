package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.ImageRoots;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.Jedis;

/**
 * The sentinel architecture under faults, each pod of the rendered StatefulSet in its own
 * network namespace with its scripts, configs and probes as rendered. One set per profile
 * goes through the scenarios in turn (the session profile here, the cache profile in
 * {@link SentinelCacheFaultsTest}, so the two run side by side); each prints one line with its figures and checks that
 * every write acknowledged by WAIT 1 survives.
 */
class SentinelFaultsTest {
    static final String RELEASE = "faults";
    static final String STATEFULSET = "faults-redis-node";
    static final String PASSWORD = "fault-suite-password";
    // A wait, not a goal: a cold start of 3 pods once took over 30 s on 2 cores shared by six builds.
    static final Duration FAILOVER = Duration.ofSeconds(60);
    /** Until a restarted replica is Ready: synced, caught up, and seen promotable by a Sentinel (INFO every 10 s). */
    static final Duration READY = Duration.ofSeconds(60);
    /** What a planned deletion or rolling restart may interrupt writes for (issue 20); the lines print the exact figure. */
    static final Duration ERROR_WINDOW_GOAL = Duration.ofSeconds(2);
    /**
     * The bound asserted: the goal plus a margin, since runs on 2 busy cores measured 2,077 ms
     * (chart 0.2.0) and up to 5.4 s (0.3.0's handover waits for a Sentinel's view, at load 30);
     * the goal itself is a figure for make bench and the README, not a unit test.
     */
    static final Duration ERROR_WINDOW_BOUND = ERROR_WINDOW_GOAL.plusSeconds(6);
    /** min-replicas-max-lag (1 s here) plus the time to notice (2 s), with a margin for 2 busy cores. */
    static final Duration REFUSAL_BOUND = Duration.ofSeconds(1 + 2 + 7);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void sessionProfileKeepsEveryAcknowledgedWriteThroughFaults() {
        keepsEveryAcknowledgedWriteThroughFaults("sentinel-session");
    }

    /** The scenarios in turn on one set of {@code scenario}'s values; {@link SentinelCacheFaultsTest} runs the cache profile. */
    static void keepsEveryAcknowledgedWriteThroughFaults(String scenario) {
        Manifests manifests = render(scenario);
        // A recreated pod comes back with a new address, as on Kubernetes; -Dpods.imageRoots runs it on Redis 8.
        try (StatefulSetPods pods = ImageRoots.apply(new StatefulSetPods(manifests, PASSWORD, podRoot(scenario)), "fault " + scenario)
                .enforcingPolicies().withNewAddressOnRecreation()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(STATEFULSET, HelmRenderer.NAMESPACE));
            set.nodes.forEach(Pod::start);
            Pod primary = set.awaitSettled(set.nodes, FAILOVER);
            List<String> acked = new ArrayList<>(set.writeAcknowledged(primary, 200));

            gracefulDeletionOfThePrimary(scenario, set);
            rollingRestart(scenario, set);
            acked.addAll(crashAndRestartOfThePrimary(scenario, set));
            acked.addAll(partitionOfThePrimary(scenario, set));
            acked.addAll(coldRestartAfterFailover(scenario, set));
            set.assertNoneMissing(set.awaitSettled(set.nodes, FAILOVER), acked, scenario + " at the end");
        }
        // The default failover-timeout: a failed early attempt must not hold off the failover for 2 × 60 s.
        nodeZeroUnschedulable(scenario, render(scenario, Map.of("sentinel.failoverTimeout", 60000)));
    }

    /** Issue 20: preStop hands over, so a deletion loses no acknowledged SET and interrupts writes briefly. */
    static void gracefulDeletionOfThePrimary(String scenario, RedisSet set) {
        Pod primary = set.awaitSettled(set.nodes, FAILOVER);
        // Ready replicas are caught up and promotable (a Sentinel reads their priority every 10 s),
        // as before a rolling update's next deletion.
        set.awaitReady(set.nodes, READY);
        Duration deletion;
        SentinelWriter writer = new SentinelWriter(set, "delete");
        try {
            LocalPods.sleep(Duration.ofSeconds(1));
            deletion = primary.delete();
            LocalPods.sleep(Duration.ofSeconds(10));
            primary.start();
            set.awaitReady(List.of(primary), READY);
            LocalPods.sleep(Duration.ofMillis(500));
        } finally {
            writer.close();
        }
        Pod now = set.awaitWritablePrimary(set.nodes, FAILOVER);
        List<String> lost = set.missing(now, writer.acknowledged());
        System.out.printf("fault %s graceful deletion of the primary %s: deletion took %d ms, "
                + "%d SETs acknowledged, %d failed, %d acknowledged lost, longest error window %d ms (goal < %d ms), new primary %s%n",
                scenario, primary.name(), deletion.toMillis(), writer.acknowledged().size(), writer.failed(),
                lost.size(), writer.longestErrorWindow().toMillis(), ERROR_WINDOW_GOAL.toMillis(), now.name());
        assertThat(lost).as(() -> "acknowledged SETs lost by a graceful deletion\n" + set.pods.logs()).isEmpty();
        assertThat(now).as("the primary moved off the deleted pod").isNotEqualTo(primary);
        assertThat(writer.longestErrorWindow()).as(() -> "longest error window\n" + set.pods.logs()).isLessThan(ERROR_WINDOW_BOUND);
    }

    /** Issue 20: a StatefulSet rolling update (highest ordinal first, each pod Ready before the next). */
    static void rollingRestart(String scenario, RedisSet set) {
        set.awaitSettled(set.nodes, FAILOVER);
        long start = System.nanoTime();
        SentinelWriter writer = new SentinelWriter(set, "roll");
        try {
            for (int i = set.nodes.size() - 1; i >= 0; i--) {
                Pod pod = set.node(i);
                pod.delete();
                pod.start();
                set.awaitReady(List.of(pod), READY);
                assertThat(pod.awaitProbe("sentinel", "readinessProbe", FAILOVER)).as("Sentinel Ready").isTrue();
            }
            LocalPods.sleep(Duration.ofMillis(500));
        } finally {
            writer.close();
        }
        Pod now = set.awaitWritablePrimary(set.nodes, FAILOVER);
        List<String> lost = set.missing(now, writer.acknowledged());
        System.out.printf("fault %s rolling restart of %d pods: %d ms, %d SETs acknowledged, %d failed, "
                + "%d acknowledged lost, longest error window %d ms (goal < %d ms)%n",
                scenario, set.nodes.size(), Duration.ofNanos(System.nanoTime() - start).toMillis(),
                writer.acknowledged().size(), writer.failed(), lost.size(), writer.longestErrorWindow().toMillis(),
                ERROR_WINDOW_GOAL.toMillis());
        assertThat(lost).as(() -> "acknowledged SETs lost by a rolling restart\n" + set.pods.logs()).isEmpty();
        assertThat(writer.longestErrorWindow()).as(() -> "longest error window\n" + set.pods.logs()).isLessThan(ERROR_WINDOW_BOUND);
    }

    /**
     * Issue 11 (2): kill -9 of the primary and an immediate restart, of the container (emptyDirs
     * kept) and then of the pod (emptyDirs wiped): the restarted node must not resync its
     * replicas to its older files. While its primary is gone, a replica is not Ready.
     */
    private static List<String> crashAndRestartOfThePrimary(String scenario, RedisSet set) {
        List<String> acked = new ArrayList<>();
        for (boolean wholePod : new boolean[] {false, true}) {
            acked.addAll(crashAndRestartOfThePrimary(scenario, set, acked, wholePod));
        }
        return acked;
    }

    /**
     * One kill -9 of the primary after 500 WAIT-acknowledged writes, with an immediate restart of
     * its container or (wholePod) of the pod; every key of {@code earlier} and of this batch must
     * survive, on the new primary and on the restarted node. Returns this batch's keys.
     */
    static List<String> crashAndRestartOfThePrimary(String scenario, RedisSet set, List<String> earlier, boolean wholePod) {
        List<String> acked = new ArrayList<>(earlier);
        Pod primary = set.awaitSettled(set.nodes, FAILOVER);
        List<String> batch = set.writeAcknowledged(primary, 500);
        acked.addAll(batch);
        long killed = System.nanoTime();
        if (wholePod) {
            primary.restart();
        } else {
            primary.restartContainer("redis");
        }
        Pod replica = set.nodes.stream().filter(p -> p != primary).findFirst().orElseThrow();
        boolean replicaReady = replica.probe("redis", "readinessProbe");
        // On loaded cores the probe may end after the failover made this replica the
        // primary (Ready then, rightly): only a probe that ended with it still a replica counts.
        boolean stillReplica = set.role(replica).equals(Optional.of("slave"));
        Pod now = set.awaitWritablePrimary(set.nodes, FAILOVER);
        long writable = System.nanoTime();
        List<String> missing = set.missing(now, acked);
        set.awaitReady(set.nodes, READY);
        System.out.printf("fault %s kill -9 of the primary %s and immediate %s restart: writable primary %s after %d ms, "
                + "%d of %d WAIT-acknowledged keys missing, replica Ready while its primary was down: %s%n",
                scenario, primary.name(), wholePod ? "pod" : "container", now.name(),
                Duration.ofNanos(writable - killed).toMillis(), missing.size(), acked.size(), replicaReady);
        assertThat(missing).as(() -> "WAIT-acknowledged keys lost\n" + set.pods.logs()).isEmpty();
        assertThat(replicaReady && stillReplica).as("a replica whose primary is unreachable passes readiness").isFalse();
        set.assertNoneMissing(primary, acked, scenario + " on the restarted node, now a replica");
        return batch;
    }

    /**
     * Issue 11 (6): the primary is cut off; it must stop taking writes within
     * min-replicas-max-lag, the majority elects another, and WAIT-acknowledged writes on the
     * majority side survive the heal. Writes the old primary took are counted as lost.
     */
    private static List<String> partitionOfThePrimary(String scenario, RedisSet set) {
        Pod old = set.awaitSettled(set.nodes, FAILOVER);
        List<Pod> majority = set.nodes.stream().filter(p -> p != old).toList();
        set.pods.network().partition(old.namespace());
        long cut = System.nanoTime();
        try {
            RedisSet.IsolatedWrites writes = set.writeUntilRefused(old, cut);
            long refusedAfter = writes.refusedAfterNanos();
            int taken = writes.taken();
            Pod elected = set.awaitWritablePrimary(majority, FAILOVER);
            long electedAfter = System.nanoTime() - cut;
            List<String> acked = set.writeAcknowledged(elected, 200);
            set.pods.network().heal(old.namespace());
            set.await(FAILOVER, "the old primary rejoins as a replica", () ->
                    set.role(old).equals(Optional.of("slave")) && old.probe("redis", "readinessProbe"));
            Pod now = set.awaitWritablePrimary(set.nodes, FAILOVER);
            int lostUnacked;
            try (Jedis jedis = set.pods.connect(now, RedisSet.REDIS_PORT, 5000)) {
                lostUnacked = (int) java.util.stream.IntStream.range(0, taken).filter(i -> !jedis.exists("isolated:" + i)).count();
            }
            System.out.printf("fault %s partition of the primary %s: refused writes after %d ms (min-replicas-max-lag 1 s), "
                    + "%d unacknowledged writes taken by it and lost, %s elected after %d ms, 200 WAIT-acknowledged writes kept%n",
                    scenario, old.name(), refusedAfter / 1_000_000, lostUnacked, elected.name(), electedAfter / 1_000_000);
            assertThat(refusedAfter).as("the isolated primary refuses writes").isPositive();
            assertThat(Duration.ofNanos(refusedAfter)).as("refusal after the cut").isLessThan(REFUSAL_BOUND);
            set.assertNoneMissing(now, acked, scenario + " after the partition healed");
            return acked;
        } finally {
            set.pods.network().heal(old.namespace());
        }
    }

    /**
     * Issue 11 (1): node 0 goes away while another node is primary, writes continue, then
     * every pod restarts: the Sentinels' state on the claims must bring back that primary,
     * never node 0 with its old data.
     */
    private static List<String> coldRestartAfterFailover(String scenario, RedisSet set) {
        Pod primary = set.awaitSettled(set.nodes, FAILOVER);
        if (primary == set.node(0)) {
            primary.delete();
            primary.start();
            primary = set.awaitSettled(set.nodes, FAILOVER);
        }
        set.node(0).delete();
        List<String> acked = set.writeAcknowledged(primary, 200);
        set.nodes.parallelStream().filter(p -> p != set.node(0)).forEach(Pod::delete);
        long start = System.nanoTime();
        // The last primary's pod starts last, later than down-after-milliseconds: the others
        // must not have a stale node promoted meanwhile.
        Pod last = primary;
        set.nodes.stream().filter(p -> p != last).forEach(Pod::start);
        LocalPods.sleep(Duration.ofSeconds(3));
        primary.start();
        Pod now = set.awaitWritablePrimary(set.nodes, FAILOVER);
        long writable = System.nanoTime() - start;
        List<String> missing = set.missing(now, acked);
        set.awaitReady(set.nodes, READY);
        System.out.printf("fault %s cold restart of all pods after a failover to %s (node 0 down meanwhile, "
                + "%s started 3 s after the others): writable primary %s after %d ms, %d of %d WAIT-acknowledged keys missing%n",
                scenario, primary.name(), primary.name(), now.name(), writable / 1_000_000, missing.size(), acked.size());
        assertThat(missing).as(() -> "keys written while node 0 was down\n" + set.pods.logs()).isEmpty();
        assertThat(now).as("the last primary resumes").isEqualTo(primary);
        return acked;
    }

    /** Issue 11 (3): a new set whose node 0 cannot be scheduled: nodes 1 and 2 must elect a primary. */
    private static void nodeZeroUnschedulable(String scenario, Manifests manifests) {
        try (StatefulSetPods pods = ImageRoots.apply(new StatefulSetPods(manifests, PASSWORD, podRoot(scenario + "-no-node-0")),
                "fault " + scenario + " node 0 unschedulable").enforcingPolicies()) {
            RedisSet set = new RedisSet(pods, pods.addStatefulSet(STATEFULSET, HelmRenderer.NAMESPACE));
            List<Pod> scheduled = set.nodes.subList(1, set.nodes.size());
            long start = System.nanoTime();
            scheduled.forEach(Pod::start);
            Pod primary = set.awaitWritablePrimary(scheduled, Duration.ofSeconds(90));
            long writable = System.nanoTime() - start;
            List<String> acked = set.writeAcknowledged(primary, 100);
            System.out.printf("fault %s node 0 unschedulable, nodes 1 and 2 started (failover-timeout 60 s): "
                    + "writable primary %s after %d ms%n",
                    scenario, primary.name(), writable / 1_000_000);
            set.assertNoneMissing(primary, acked, scenario + " without node 0");
        }
    }

    private static Path podRoot(String name) {
        return RepoLayout.root().resolve("generator/target/fault-pods").resolve(name + "-" + System.nanoTime());
    }

    static Manifests render(String scenario) {
        return render(scenario, Map.of());
    }

    static Manifests render(String scenario, Map<String, Object> sets) {
        Path values = RepoLayout.testResources().resolve("faults").resolve(scenario + ".yaml");
        return Manifests.parse(new HelmRenderer(RepoLayout.chart()).render(RELEASE, values, sets));
    }
}
