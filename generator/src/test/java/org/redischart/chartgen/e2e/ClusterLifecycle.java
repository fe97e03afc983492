package org.redischart.chartgen.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.e2e.ReleaseObjects.REDIS_PORT;

import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * The cluster architecture on k3s: install (the post-install Job creates the cluster), helm
 * test (redis-cli -c), 1,000 keys through JedisCluster, helm upgrade to 4 shards (the
 * post-upgrade Job adds them and moves slots), every key still readable, uninstall.
 */
final class ClusterLifecycle {
    static final String ARCHITECTURE = "cluster";
    private static final Duration SETTLE = Duration.ofMinutes(5);

    private final HelmReleases helm;
    private final String release;
    private final Scenario scenario;
    private final ReleaseObjects objects;
    private final PodPortForwarder forwarder;

    ClusterLifecycle(HelmReleases helm, String release, Scenario scenario, ReleaseObjects objects,
            PodPortForwarder forwarder) {
        this.helm = helm;
        this.release = release;
        this.scenario = scenario;
        this.objects = objects;
        this.forwarder = forwarder;
    }

    void run() {
        assertDeployed(helm.install(release, release, scenario.values()), "1", "helm install");
        RedisNodes nodes = new RedisNodes(objects, forwarder, objects.password());
        awaitShards(nodes, 3, 6);
        assertThat(helm.test(release, release).getStatus()).as("release status after helm test").isEqualTo("deployed");
        Dataset data = Dataset.of(ARCHITECTURE, 1000);
        try (JedisCluster client = client(nodes)) {
            data.entries().forEach(client::set);
            assertThat(data.missingIn(client::get)).as("keys read back through JedisCluster").isEmpty();
        }
        Release upgraded = helm.upgrade(release, release, List.of(scenario.values(), scenario.upgrade()));
        assertDeployed(upgraded, "2", "helm upgrade to 4 shards");
        awaitShards(nodes, 4, 8);
        try (JedisCluster client = client(nodes)) {
            Eventually.await("every key readable after scaling out", SETTLE, () -> data.missingIn(client::get), List::isEmpty);
        }
        helm.uninstall(release, release);
        Eventually.await("the release's pods are gone after uninstall", SETTLE, objects::livePods, List::isEmpty);
    }

    private JedisCluster client(RedisNodes nodes) {
        String seed = objects.fullname() + "-cluster-0";
        return new JedisCluster(Set.of(new HostAndPort(seed, REDIS_PORT)), nodes.config(), 5, Duration.ofSeconds(60));
    }

    /** Every pod Ready, and pod 0 sees cluster_state:ok with {@code shards} primaries holding slots. */
    private void awaitShards(RedisNodes nodes, int shards, int pods) {
        Eventually.await(pods + " Ready pods, cluster_state:ok and " + shards + " primaries with slots", SETTLE, () -> {
            List<Pod> serving = objects.podsServing(REDIS_PORT);
            if (serving.size() != pods || !serving.stream().allMatch(ReleaseObjects::isReady)) {
                return Map.entry(false, ReleaseObjects.readiness(serving));
            }
            Pod first = serving.stream().filter(p -> p.getMetadata().getName().endsWith("-cluster-0")).findFirst().orElseThrow();
            try (Jedis jedis = nodes.to(first)) {
                long withSlots = jedis.clusterNodes().lines()
                        .filter(l -> l.split(" ")[2].contains("master") && l.split(" ").length > 8).count();
                return Map.entry(jedis.clusterInfo().contains("cluster_state:ok") && withSlots == shards,
                        withSlots + " primaries with slots");
            }
        }, Map.Entry::getKey);
    }

    private static void assertDeployed(Release release, String revision, String step) {
        assertThat(release.getStatus()).as("%s: release status", step).isEqualTo("deployed");
        assertThat(release.getRevision()).as("%s: release revision", step).isEqualTo(revision);
    }
}
