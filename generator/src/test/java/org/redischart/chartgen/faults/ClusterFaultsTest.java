package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.Shell;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The cluster architecture on real redis-server processes in cluster mode, each pod of the
 * rendered StatefulSet in its own network namespace, bootstrapped and scaled by the rendered
 * hook Job's command. One cluster goes through the scenarios in turn; each prints its figures.
 */
class ClusterFaultsTest {
    static final String SCENARIO = "cluster";
    static final String STATEFULSET = "faults-redis-cluster";
    static final String JOB = "faults-redis-cluster-bootstrap";
    /** cluster.nodeTimeout of faults/cluster.yaml. */
    static final Duration NODE_TIMEOUT = Duration.ofMillis(2000);
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void clusterBootstrapsOnceSurvivesFaultsAndScalesOut() {
        Manifests manifests = renderWithJob(work, SCENARIO, Map.of());
        Path root = RepoLayout.root().resolve("generator/target/fault-pods").resolve(SCENARIO + "-" + System.nanoTime());
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root).enforcingPolicies()) {
            List<Pod> nodes = new ArrayList<>(pods.addStatefulSet(STATEFULSET, HelmRenderer.NAMESPACE));
            RedisSet set = new RedisSet(pods, nodes);
            ClusterView cluster = new ClusterView(pods, set);
            nodes.forEach(Pod::start);

            bootstrapCreatesTheClusterOnce(SCENARIO, pods, manifests, cluster, nodes);
            helmTestPodSetsAndGetsThroughTheService(SCENARIO, pods, manifests, nodes.get(1));
            Map<String, String> written = writeThroughClusterClient(SCENARIO, cluster, nodes.get(0), 10_000);
            written.putAll(primaryKilledReplicaTakesOver(SCENARIO, cluster, set, nodes));
            podWithNewAddressRejoins(cluster, nodes);
            coldRestartKeepsSlotsAndKeys(cluster, nodes, written);
            scaleOutMovesSlotsOntoTheNewShard(pods, cluster, nodes, written);
            moreReplicasPerShardJoinAsReplicas(pods, cluster, nodes, written);
        }
    }

    /** The rendered Job bootstraps 3 shards of a primary and a replica each; run again, it changes nothing. */
    static void bootstrapCreatesTheClusterOnce(String scenario, StatefulSetPods pods, Manifests manifests, ClusterView cluster,
            List<Pod> nodes) {
        long start = System.nanoTime();
        Shell.Result first = pods.addJob(manifests, JOB).runToCompletion("bootstrap", WAIT);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(first.exit()).as(() -> String.format("bootstrap Job\n%s\n%s", first.output(), pods.logs())).isZero();
        cluster.awaitOk(nodes, WAIT);
        Map<String, Set<String>> shards = cluster.shards(nodes.get(0));
        assertThat(shards).as("shards after the bootstrap").hasSize(3);
        assertThat(shards.values()).as("each shard a primary and its replica").allSatisfy(m -> assertThat(m).hasSize(2));
        List<ClusterView.Node> view = cluster.nodes(nodes.get(0));
        assertThat(view.stream().filter(ClusterView.Node::master).mapToInt(ClusterView.Node::slotCount).sum())
                .isEqualTo(ClusterView.SLOTS);
        assertThat(view).as("nodes announce their pod names").allSatisfy(n -> assertThat(n.host()).endsWith(".svc.cluster.local"));

        Shell.Result again = pods.addJob(manifests, JOB).runToCompletion("bootstrap", WAIT);
        assertThat(again.exit()).as("second bootstrap\n%s", again.output()).isZero();
        assertThat(again.output()).contains("the cluster exists").doesNotContain("adding ").doesNotContain("moving slots");
        assertThat(cluster.shards(nodes.get(0))).as("the second bootstrap changed nothing").isEqualTo(shards);
        System.out.printf("fault %s bootstrap of 3 shards x 2 pods by the rendered Job: %d ms; a second run changed nothing%n",
                scenario, took);
    }

    /** The rendered helm test pod, with the Service's name resolving to one node, as kube-proxy picks one. */
    static void helmTestPodSetsAndGetsThroughTheService(String scenario, StatefulSetPods pods, Manifests manifests,
            Pod behindService) {
        System.out.printf("fault %s helm test pod: %s%n", scenario, HelmTestPod.passes(pods, manifests,
                Map.of(SentinelFaultsTest.RELEASE + "-redis", behindService.ip())));
    }

    /** {@code count} keys written through a JedisCluster pipeline across the slots, and read back. */
    static Map<String, String> writeThroughClusterClient(String scenario, ClusterView cluster, Pod seed, int count) {
        Map<String, String> written = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (JedisCluster client = cluster.client(seed); ClusterPipeline pipeline = client.pipelined()) {
            for (int i = 0; i < count; i++) {
                pipeline.set("key:" + i, "value:" + i);
                written.put("key:" + i, "value:" + i);
            }
            pipeline.sync();
        }
        assertThat(missing(cluster, seed, written)).as("keys read back through JedisCluster").isEmpty();
        System.out.printf("fault %s JedisCluster wrote and read back %d keys across slots in %d ms%n", scenario, count,
                (System.nanoTime() - start) / 1_000_000);
        return written;
    }

    /** The keys of {@code expected} a cluster-aware client does not read back as written. */
    static List<String> missing(ClusterView cluster, Pod seed, Map<String, String> expected) {
        List<String> missing = new ArrayList<>();
        try (JedisCluster client = cluster.client(seed); ClusterPipeline pipeline = client.pipelined()) {
            Map<String, Response<String>> replies = new LinkedHashMap<>();
            expected.keySet().forEach(k -> replies.put(k, pipeline.get(k)));
            pipeline.sync();
            replies.forEach((k, r) -> {
                if (!expected.get(k).equals(r.get())) {
                    missing.add(k);
                }
            });
        }
        return missing;
    }

    /**
     * kill -9 of the primary of one shard after 500 WAIT-acknowledged writes to it: its replica is
     * promoted within cluster-node-timeout and a margin, keeps every write, and the old primary
     * comes back as its replica.
     */
    static Map<String, String> primaryKilledReplicaTakesOver(String scenario, ClusterView cluster, RedisSet set, List<Pod> nodes) {
        String tag = "{shard-under-test}";
        int slot = JedisClusterCRC16.getSlot(tag);
        Pod primary = cluster.primaryOf(nodes.get(0), slot);
        Pod replica = cluster.podOf(cluster.replicaOf(nodes.get(0), primary).orElseThrow());
        Map<String, String> acked = new LinkedHashMap<>();
        try (Jedis jedis = set.pods.connect(primary, RedisSet.REDIS_PORT, 5000)) {
            for (int i = 0; i < 500; i++) {
                jedis.set(tag + ":" + i, "acked:" + i);
                acked.put(tag + ":" + i, "acked:" + i);
            }
            assertThat(jedis.waitReplicas(1, 5000)).as("replica acknowledging the writes").isEqualTo(1);
        }
        long killed = System.nanoTime();
        primary.killAll();
        set.await(NODE_TIMEOUT.plus(Duration.ofSeconds(15)), "the replica " + replica.name() + " promoted", () ->
                set.role(replica).equals(java.util.Optional.of("master")) && cluster.info(replica, "cluster_state").equals("ok"));
        long promoted = (System.nanoTime() - killed) / 1_000_000;
        List<String> lost = new ArrayList<>();
        try (Jedis jedis = set.pods.connect(replica, RedisSet.REDIS_PORT, 5000)) {
            acked.forEach((k, v) -> {
                if (!v.equals(jedis.get(k))) {
                    lost.add(k);
                }
            });
        }
        primary.start();
        set.await(WAIT, "the old primary " + primary.name() + " rejoins as a replica of " + replica.name(), () ->
                cluster.self(primary).masterId().equals(cluster.self(replica).id())
                        && RedisSet.field(info(set, primary), "master_link_status").equals("up"));
        cluster.awaitOk(nodes, WAIT);
        System.out.printf("fault %s kill -9 of the primary %s: replica %s promoted after %d ms (cluster-node-timeout %d ms), "
                + "%d of %d WAIT-acknowledged keys lost, old primary back as its replica%n", scenario, primary.name(),
                replica.name(), promoted, NODE_TIMEOUT.toMillis(), lost.size(), acked.size());
        assertThat(lost).as(() -> "WAIT-acknowledged keys lost by the failover\n" + set.pods.logs()).isEmpty();
        assertThat(Duration.ofMillis(promoted)).isLessThan(NODE_TIMEOUT.plus(Duration.ofSeconds(15)));
        return acked;
    }

    private static RedisSet set(ClusterView cluster) {
        return cluster.set();
    }

    private static String info(RedisSet set, Pod pod) {
        return set.pods.ask(pod, RedisSet.REDIS_PORT, 2000, jedis -> jedis.info("replication"));
    }

    private void podWithNewAddressRejoins(ClusterView cluster, List<Pod> nodes) {
        Pod moved = nodes.stream().filter(p -> !cluster.self(p).master()).findFirst().orElseThrow();
        String id = cluster.self(moved).id();
        String before = moved.ip();
        long start = System.nanoTime();
        moved.restartWithNewAddress(100 + nodes.indexOf(moved));
        cluster.awaitOk(nodes, WAIT);
        set(cluster).await(WAIT, "every node knows " + moved.name() + " at " + moved.ip(), () -> nodes.stream()
                .allMatch(pod -> cluster.nodes(pod).stream().anyMatch(n -> n.id().equals(id) && n.ip().equals(moved.ip()))));
        System.out.printf("fault %s %s restarted with a new IP (%s -> %s): cluster_state:ok everywhere after %d ms%n",
                SCENARIO, moved.name(), before, moved.ip(), (System.nanoTime() - start) / 1_000_000);
    }

    private void coldRestartKeepsSlotsAndKeys(ClusterView cluster, List<Pod> nodes, Map<String, String> written) {
        Map<String, Set<String>> shards = cluster.shards(nodes.get(0));
        long start = System.nanoTime();
        CompletableFuture.allOf(nodes.stream().map(p -> CompletableFuture.runAsync(p::delete))
                .toArray(CompletableFuture[]::new)).join();
        // Every pod comes back with a new IP, as after a restart of the whole release.
        for (Pod pod : nodes) {
            pod.restartWithNewAddress(150 + nodes.indexOf(pod));
        }
        cluster.awaitOk(nodes, WAIT);
        long ok = (System.nanoTime() - start) / 1_000_000;
        assertThat(cluster.shards(nodes.get(0))).as("slot map after a cold restart").isEqualTo(shards);
        List<String> missing = missing(cluster, nodes.get(0), written);
        System.out.printf("fault %s cold restart of every pod, all with new IPs: cluster_state:ok after %d ms, "
                + "same slot map, %d of %d acknowledged keys missing%n", SCENARIO, ok, missing.size(), written.size());
        assertThat(missing).as("keys lost by a cold restart").isEmpty();
    }

    private void scaleOutMovesSlotsOntoTheNewShard(StatefulSetPods pods, ClusterView cluster, List<Pod> nodes,
            Map<String, String> written) {
        Manifests upgraded = renderWithJob(work, SCENARIO, Map.of("cluster.shards", 4));
        List<Pod> added = pods.scaleStatefulSet(upgraded, STATEFULSET, HelmRenderer.NAMESPACE);
        assertThat(added).as("pods added by cluster.shards=4").hasSize(2);
        added.forEach(Pod::start);
        nodes.addAll(added);
        long start = System.nanoTime();
        Shell.Result upgrade = pods.addJob(upgraded, JOB).runToCompletion("bootstrap", jobDeadline(upgraded));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(upgrade.exit()).as(() -> String.format("post-upgrade Job\n%s\n%s", upgrade.output(), pods.logs())).isZero();
        cluster.awaitOk(nodes, WAIT);
        Map<String, Set<String>> shards = cluster.shards(nodes.get(0));
        ClusterView.Node newPrimary = cluster.self(added.get(0));
        assertThat(shards).as("shards after scaling out").hasSize(4);
        assertThat(shards.values()).allSatisfy(m -> assertThat(m).hasSize(2));
        assertThat(newPrimary.master()).as("%s is the new shard's primary", added.get(0).name()).isTrue();
        assertThat(newPrimary.slotCount()).as("slots moved onto the new shard").isGreaterThan(ClusterView.SLOTS / 4 - 200);
        assertThat(cluster.self(added.get(1)).masterId()).as("the second new pod replicates the new primary")
                .isEqualTo(newPrimary.id());
        List<String> missing = missing(cluster, nodes.get(0), written);
        System.out.printf("fault %s scale out 3 -> 4 shards by the rendered post-upgrade Job: %d ms, new shard holds %d slots, "
                + "%d of %d keys missing%n", SCENARIO, took, newPrimary.slotCount(), missing.size(), written.size());
        assertThat(missing).as("keys unreadable after the rebalance").isEmpty();
    }

    /**
     * As long as Kubernetes lets the rendered Job run (its activeDeadlineSeconds): a rebalance of
     * 4,096 slots took over 120 s on 2 cores at load 20, and only the Job's own deadline is a failure.
     */
    private static Duration jobDeadline(Manifests manifests) {
        return Duration.ofSeconds(manifests.get("Job", JOB).path("spec").path("activeDeadlineSeconds").asLong());
    }

    private void moreReplicasPerShardJoinAsReplicas(StatefulSetPods pods, ClusterView cluster, List<Pod> nodes,
            Map<String, String> written) {
        Manifests upgraded = renderWithJob(work, SCENARIO, Map.of("cluster.shards", 4, "cluster.replicasPerShard", 2));
        List<Pod> added = pods.scaleStatefulSet(upgraded, STATEFULSET, HelmRenderer.NAMESPACE);
        assertThat(added).as("pods added by cluster.replicasPerShard=2").hasSize(4);
        added.forEach(Pod::start);
        nodes.addAll(added);
        Shell.Result upgrade = pods.addJob(upgraded, JOB).runToCompletion("bootstrap", jobDeadline(upgraded));
        assertThat(upgrade.exit()).as(() -> String.format("post-upgrade Job\n%s\n%s", upgrade.output(), pods.logs())).isZero();
        cluster.awaitOk(nodes, WAIT);
        Map<String, Set<String>> shards = cluster.shards(nodes.get(0));
        System.out.printf("fault %s replicasPerShard 1 -> 2 by the rendered post-upgrade Job: shard sizes %s%n", SCENARIO,
                shards.values().stream().map(Set::size).toList());
        assertThat(shards).hasSize(4);
        String logs = pods.logs();
        // The whole logs: the failure message shows only each log's tail.
        if (nodes.stream().noneMatch(p -> p.log("redis").contains("Migrating to orphaned master"))) {
            assertThat(shards.values()).as("each shard a primary and 2 replicas\nthe Job said:\n%s\n%s", upgrade.output(), logs)
                    .allSatisfy(m -> assertThat(m).hasSize(3));
        } else {
            // Redis moved a replica to a primary that looked orphaned a moment (cluster-migration-barrier 1,
            // a replica briefly failing under load): every replica still serves a shard, none has none.
            List<Integer> sizes = shards.values().stream().map(Set::size).toList();
            assertThat(sizes).as("each shard a primary and at least 1 replica after a replica migration")
                    .allSatisfy(size -> assertThat(size).isBetween(2, 4));
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).as("nodes in the shards").isEqualTo(12);
        }
        assertThat(missing(cluster, nodes.get(0), written)).as("keys after adding replicas").isEmpty();
    }

    /**
     * The chart rendered with faults/{@code scenario}.yaml and {@code sets}, the bootstrap hook Job
     * and the helm test pod included (helm-java's template leaves hooks out).
     */
    static Manifests renderWithJob(Path work, String scenario, Map<String, Object> sets) {
        try {
            Path copy = Files.createTempDirectory(work, "chart").resolve("redis");
            TreeCopy.copy(RepoLayout.chart(), copy);
            Path job = copy.resolve("templates/cluster-bootstrap-job.yaml");
            Files.writeString(job, Files.readString(job).replace("helm.sh/hook:", "hook-under-test:"));
            Path test = copy.resolve("templates/tests/redis-test-pod.yaml");
            Files.writeString(test, Files.readString(test).replace("helm.sh/hook: test", "hook-under-test: test"));
            Path values = RepoLayout.testResources().resolve("faults").resolve(scenario + ".yaml");
            return Manifests.parse(new HelmRenderer(copy).render(SentinelFaultsTest.RELEASE, values, sets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
