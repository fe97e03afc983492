package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;

/**
 * The replication architecture (no Sentinel, so no failover) under the faults that apply:
 * a crashed primary restarting at once, a planned restart of the primary, a replica whose
 * primary is unreachable, and a partition with min-replicas-to-write. Profile cache on a
 * claim: RDB only, where a primary restarting with older files could wipe its replicas.
 */
class ReplicationFaultsTest {
    static final String SCENARIO = "replication-cache";
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void replicationKeepsEveryAcknowledgedWriteThroughCrashesRestartsAndPartitions() {
        Manifests manifests = SentinelFaultsTest.render(SCENARIO);
        Pod primary;
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD,
                RepoLayout.root().resolve("generator/target/fault-pods").resolve(SCENARIO + "-" + System.nanoTime())).enforcingPolicies()) {
            primary = pods.addStatefulSet("faults-redis-primary", HelmRenderer.NAMESPACE).get(0);
            List<Pod> replicas = pods.addStatefulSet("faults-redis-replica", HelmRenderer.NAMESPACE);
            List<Pod> all = new ArrayList<>(List.of(primary));
            all.addAll(replicas);
            RedisSet set = new RedisSet(pods, all);
            all.forEach(Pod::start);
            set.awaitWritableMaster(List.of(primary), WAIT);
            set.awaitReady(all, WAIT);
            List<String> acked = new ArrayList<>(set.writeAcknowledged(primary, 200));

            for (boolean wholePod : new boolean[] {false, true}) {
                acked.addAll(set.writeAcknowledged(primary, 500));
                long killed = System.nanoTime();
                if (wholePod) {
                    primary.killAll();
                } else {
                    primary.kill("redis");
                }
                // Asked while the primary is down: after its restart (Redis 8 is back within
                // milliseconds) the replica is rightly Ready again once it has resynced.
                boolean replicaReady = replicas.get(0).probe("redis", "readinessProbe");
                if (wholePod) {
                    primary.start();
                } else {
                    primary.startContainer("redis");
                }
                set.await(WAIT, "the restarted primary is primary again and its replicas synced", () ->
                        set.role(primary).equals(Optional.of("master"))
                                && replicas.stream().allMatch(r -> r.probe("redis", "readinessProbe")));
                set.awaitWritableMaster(List.of(primary), WAIT);
                long writable = System.nanoTime() - killed;
                List<String> missingOnPrimary = set.missing(primary, acked);
                List<String> missingOnReplica = set.missing(replicas.get(1), acked);
                System.out.printf("fault %s kill -9 of the primary and immediate %s restart: writable after %d ms, "
                        + "%d of %d WAIT-acknowledged keys missing on the primary, %d on a replica, "
                        + "replica Ready while its primary was down: %s%n", SCENARIO, wholePod ? "pod" : "container",
                        writable / 1_000_000, missingOnPrimary.size(), acked.size(), missingOnReplica.size(), replicaReady);
                assertThat(missingOnPrimary).as(() -> "keys lost on the primary\n" + pods.logs()).isEmpty();
                assertThat(missingOnReplica).as(() -> "keys lost on a replica\n" + pods.logs()).isEmpty();
                assertThat(replicaReady).as("a replica whose primary is down passes readiness").isFalse();
            }

            // A planned restart of the primary: an outage without failover, but nothing is lost.
            acked.addAll(set.writeAcknowledged(primary, 200));
            long deleted = System.nanoTime();
            primary.delete();
            primary.start();
            set.awaitWritableMaster(List.of(primary), WAIT);
            System.out.printf("fault %s graceful deletion and restart of the primary: writes refused for %d ms "
                    + "(no failover without Sentinel)%n", SCENARIO, (System.nanoTime() - deleted) / 1_000_000);
            set.assertNoneMissing(primary, acked, SCENARIO + " after a planned restart");
            set.awaitReady(all, WAIT);

            // Partition: min-replicas-to-write 1 makes the cut-off primary refuse writes.
            pods.network().partition(primary.namespace());
            long cut = System.nanoTime();
            try {
                RedisSet.IsolatedWrites writes = set.writeUntilRefused(primary, cut);
                long refusedAfter = writes.refusedAfterNanos();
                int taken = writes.taken();
                System.out.printf("fault %s partition of the primary: refused writes after %d ms (min-replicas-max-lag 2 s), "
                        + "%d unacknowledged writes taken before that%n", SCENARIO, refusedAfter / 1_000_000, taken);
                assertThat(refusedAfter).as("the cut-off primary refuses writes").isPositive();
                assertThat(Duration.ofNanos(refusedAfter)).isLessThan(SentinelFaultsTest.REFUSAL_BOUND);
            } finally {
                pods.network().heal(primary.namespace());
            }
            set.awaitReady(all, WAIT);
            set.assertNoneMissing(primary, acked, SCENARIO + " after the partition healed");
            set.assertNoneMissing(replicas.get(0), acked, SCENARIO + " on a replica after the partition healed");
        }
    }
}
