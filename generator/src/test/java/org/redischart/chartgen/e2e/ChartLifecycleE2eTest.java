package org.redischart.chartgen.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.redischart.chartgen.e2e.ReleaseObjects.REDIS_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentineled;

/**
 * Installs the packaged chart on k3s for each architecture, runs {@code helm test}, writes
 * data through a port-forward, upgrades, rolls back and uninstalls, asserting the cluster
 * after every step; and fails a Sentinel primary over. Needs Docker: {@code make e2e}.
 */
@Tag("e2e")
@ExtendWith(DockerEngineCondition.class)
class ChartLifecycleE2eTest {
    /** Every architecture the chart is meant to have; -De2e.architectures=a,b narrows it. */
    static final List<String> ARCHITECTURES = List.of("standalone", "replication", "sentinel", "cluster");
    /** What the chart's helm test hook pod SETs through the Service: finding it proves the hook ran. */
    private static final String HOOK_KEY = "key";
    private static final String HOOK_VALUE = "value";
    private static final Duration SETTLE = Duration.ofMinutes(5);
    private static final Duration FAILOVER = Duration.ofMinutes(5);
    private static final long WAIT_MILLIS = 10_000;

    @TempDir
    static Path scratch;
    private static ChartArchive chart;
    private static String schemaJson;
    private static K3sCluster cluster;
    private static HelmReleases helm;

    @BeforeAll
    static void startCluster() {
        chart = ChartArchive.locate(RepoLayout.root(), RepoLayout.chartVersion(), scratch);
        schemaJson = chart.read("redis/values.schema.json").orElseThrow(() ->
                new IllegalStateException(chart.tgz() + ": no redis/values.schema.json inside"));
        cluster = K3sCluster.start();
        helm = new HelmReleases(cluster.kubeconfig(), chart.tgz());
        System.out.println("e2e: installing " + chart.tgz() + " (" + chart.origin() + ") on " + cluster.image());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Stream<String> architectures() {
        String selected = System.getProperty("e2e.architectures", "");
        return selected.isBlank() ? ARCHITECTURES.stream()
                : Arrays.stream(selected.split(",")).map(String::trim).filter(a -> !a.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void installTestUpgradeRollBackAndUninstall(String architecture) throws Exception {
        Scenario scenario = Scenario.load(RepoLayout.testResources().resolve("e2e"), architecture);
        abortIfUnsupported(architecture);
        String release = "e2e-" + architecture;
        if (ClusterLifecycle.ARCHITECTURE.equals(architecture)) {
            onCluster(release, (objects, forwarder) -> new ClusterLifecycle(helm, release, scenario, objects, forwarder).run());
            return;
        }
        onCluster(release, (objects, forwarder) -> {
            Deployed deployed = installAndTest(release, scenario, objects, forwarder);
            upgradeKeepsPasswordAndData(deployed);
            rollbackRestoresRevisionOne(deployed);
            uninstallLeavesClaimsAsConfigured(deployed);
        });
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void sentinelPromotesReplicaWhenPrimaryDies() throws Exception {
        Assumptions.assumeTrue(architectures().anyMatch("sentinel"::equals),
                "e2e: sentinel left out by -De2e.architectures");
        Scenario scenario = Scenario.load(RepoLayout.testResources().resolve("e2e"), "sentinel");
        abortIfUnsupported("sentinel");
        String release = "e2e-failover";
        onCluster(release, (objects, forwarder) -> {
            assertRevision(helm.install(release, release, scenario.values()), "1", "helm install");
            RedisNodes nodes = new RedisNodes(objects, forwarder, objects.password());
            SentinelNodes sentinels = new SentinelNodes(objects, forwarder, objects.password());
            String masterName = sentinels.masterName();
            Pod primary = nodes.primary(SETTLE);
            String primaryName = primary.getMetadata().getName();
            HostAndPort announced = sentinels.masterAddress(masterName);
            assertThat(podName(forwarder, announced)).as("pod Sentinel names as master").isEqualTo(primaryName);
            Set<String> replicas = objects.podsServing(REDIS_PORT).stream().map(p -> p.getMetadata().getName())
                    .filter(name -> !name.equals(primaryName)).collect(Collectors.toSet());
            assertThat(replicas).as("replica pods of %s", release).isNotEmpty();
            Dataset acknowledged = Dataset.of("failover", 50);
            try (Jedis redis = nodes.to(primary)) {
                acknowledged.writeTo(redis);
                assertThat(redis.waitReplicas(replicas.size(), WAIT_MILLIS))
                        .as("replicas acknowledging the writes (WAIT %d)", replicas.size()).isEqualTo(replicas.size());
            }
            try (JedisSentineled client = new JedisSentineled(masterName, nodes.config(), sentinels.addresses(),
                    sentinels.config())) {
                assertThat(client.getCurrentMaster()).as("master the Sentinel client starts on").isEqualTo(announced);
                assertThat(acknowledged.missingIn(client::get)).as("keys read through Sentinel before failover").isEmpty();
                assertThat(cluster.client().pods().inNamespace(release).withName(primaryName).delete())
                        .as("deleting primary pod %s", primaryName).isNotEmpty();
                String promoted = Eventually.await("Sentinel names a former replica " + replicas + " as master after "
                        + primaryName + " was deleted", FAILOVER,
                        () -> podName(forwarder, sentinels.masterAddress(masterName)), replicas::contains);
                Eventually.await("the Sentinel client follows the failover to " + promoted, FAILOVER,
                        () -> podName(forwarder, client.getCurrentMaster()), promoted::equals);
                Eventually.await("acknowledged writes read through Sentinel after failover", FAILOVER,
                        () -> acknowledged.missingIn(client::get), List::isEmpty);
                assertThat(client.set("e2e:failover:after", "written")).as("write to the promoted master").isEqualTo("OK");
                Pod promotedPod = objects.pod(promoted).orElseThrow(() -> new AssertionError(promoted + " is gone"));
                assertThat(nodes.role(promotedPod)).as("ROLE of promoted pod %s", promoted).isEqualTo("master");
            }
        });
    }

    private static Deployed installAndTest(String release, Scenario scenario, ReleaseObjects objects,
            PodPortForwarder forwarder) {
        assertRevision(helm.install(release, release, scenario.values()), "1", "helm install");
        List<Pod> redisPods = objects.podsServing(REDIS_PORT);
        assertThat(redisPods).as("Redis pods after install").isNotEmpty().allMatch(ReleaseObjects::isReady);
        assertThat(redisPods.size() > 1).as("%s runs more than one Redis pod (%s)", scenario.architecture(),
                redisPods.size()).isEqualTo(!Scenario.STANDALONE.equals(scenario.architecture()));
        try {
            assertThat(helm.test(release, release).getStatus()).as("release status after helm test").isEqualTo("deployed");
        } catch (IllegalStateException e) {
            throw new AssertionError("helm test " + release + " failed: " + e.getMessage(), e);
        }
        String password = objects.password();
        assertThat(password).as("password in Secret %s", objects.fullname()).isNotBlank();
        RedisNodes nodes = new RedisNodes(objects, forwarder, password);
        Dataset data = Dataset.of(scenario.architecture(), 50);
        Pod primary = nodes.primary(SETTLE);
        int replicas = redisPods.size() - 1;
        try (Jedis redis = Scenario.STANDALONE.equals(scenario.architecture()) ? nodes.viaService() : nodes.to(primary)) {
            assertThat(redis.get(HOOK_KEY)).as("key the helm test hook SET through the Service").isEqualTo(HOOK_VALUE);
            data.writeTo(redis);
            if (replicas > 0) {
                assertThat(redis.waitReplicas(replicas, WAIT_MILLIS)).as("replicas acknowledging the writes (WAIT)")
                        .isEqualTo(replicas);
            }
        }
        Map<String, String> maxclients = nodes.configOfEveryPod("maxclients");
        assertThat(Set.copyOf(maxclients.values())).as("maxclients of every Redis pod after install: %s", maxclients)
                .hasSize(1).doesNotContain(scenario.upgradedMaxclients());
        return new Deployed(release, scenario, objects, nodes, password, data, maxclients.values().iterator().next());
    }

    private static void upgradeKeepsPasswordAndData(Deployed d) {
        Release upgraded = helm.upgrade(d.release(), d.release(), List.of(d.scenario().values(), d.scenario().upgrade()));
        assertRevision(upgraded, "2", "helm upgrade");
        assertThat(d.objects().password()).as("password after helm upgrade").isEqualTo(d.password());
        awaitMaxclients(d, d.scenario().upgradedMaxclients(), "after helm upgrade");
        awaitData(d, "after helm upgrade");
    }

    private static void rollbackRestoresRevisionOne(Deployed d) {
        assertRevision(helm.rollback(d.release(), d.release(), 1, scratch), "3", "rollback to revision 1");
        List<ReleaseHistory> history = helm.history(d.release(), d.release()).stream()
                .sorted(Comparator.comparingInt(ReleaseHistory::getRevision)).toList();
        assertThat(history).as("helm history").extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
                .containsExactly(tuple(1, "superseded"), tuple(2, "superseded"), tuple(3, "deployed"));
        JsonNode revisionOne = helm.userValues(d.release(), d.release(), 1);
        assertThat(revisionOne).as("values Helm recorded for revision 1")
                .isEqualTo(HelmReleases.readYaml(d.scenario().values()));
        assertThat(helm.userValues(d.release(), d.release(), 3)).as("values of revision 3").isEqualTo(revisionOne);
        assertThat(d.objects().password()).as("password after rollback").isEqualTo(d.password());
        awaitMaxclients(d, d.installedMaxclients(), "after rollback");
        awaitData(d, "after rollback");
    }

    private static void uninstallLeavesClaimsAsConfigured(Deployed d) {
        ReleaseObjects objects = d.objects();
        boolean persistent = helm.allValues(d.release(), d.release()).path("persistence").path("enabled").asBoolean();
        Set<String> claims = objects.pvcNames();
        if (persistent) {
            assertThat(claims).as("PVCs with persistence.enabled=true").isNotEmpty();
        } else {
            assertThat(claims).as("PVCs with persistence.enabled=false").isEmpty();
        }
        Set<String> kept = objects.pvcsRetainedOnDelete();
        helm.uninstall(d.release(), d.release());
        assertThat(helm.releases(d.release())).as("Helm releases in the namespace after uninstall").isEmpty();
        Eventually.await("the release's pods are gone after uninstall", SETTLE, objects::livePods, List::isEmpty);
        assertThat(objects.secretExists()).as("Secret %s after uninstall", objects.fullname()).isFalse();
        Eventually.await("PVCs after uninstall are exactly " + kept + " (of " + claims + ")", SETTLE,
                objects::pvcNames, kept::equals);
    }

    private static void awaitMaxclients(Deployed d, String expected, String when) {
        Eventually.await("every Redis pod runs maxclients " + expected + " " + when, SETTLE,
                () -> d.nodes().configOfEveryPod("maxclients"),
                byPod -> byPod.values().stream().allMatch(expected::equals));
    }

    private static void awaitData(Deployed d, String when) {
        Eventually.await("all " + d.data().size() + " keys on every Redis pod " + when, SETTLE,
                () -> d.nodes().missingOnEveryPod(d.data()), Map::isEmpty);
    }

    private static void assertRevision(Release release, String revision, String step) {
        assertThat(release.getStatus()).as("%s: release status", step).isEqualTo("deployed");
        assertThat(release.getRevision()).as("%s: release revision", step).isEqualTo(revision);
    }

    private static String podName(PodPortForwarder forwarder, HostAndPort address) {
        return forwarder.podOf(address.getHost()).map(pod -> pod.getMetadata().getName())
                .orElse("<no pod at " + address + ">");
    }

    private static void abortIfUnsupported(String architecture) {
        Scenario.unsupportedBy(schemaJson, architecture).ifPresent(reason -> {
            String line = "e2e: SKIPPED " + architecture + " — " + reason + " (" + chart.tgz().getFileName() + ")";
            System.out.println(line);
            Assumptions.abort(line);
        });
    }

    /** Runs steps against a release in its own namespace; prints the namespace when they fail. */
    private static void onCluster(String release, ClusterSteps steps) throws Exception {
        try (PodPortForwarder forwarder = new PodPortForwarder(cluster.client(), release)) {
            steps.run(new ReleaseObjects(cluster.client(), release, release), forwarder);
        } catch (Exception | AssertionError e) {
            System.out.println(cluster.describeQuietly(release));
            throw e;
        } finally {
            cluster.client().namespaces().withName(release).delete();
        }
    }

    @FunctionalInterface
    private interface ClusterSteps {
        void run(ReleaseObjects objects, PodPortForwarder forwarder) throws Exception;
    }

    /** What the lifecycle steps share once the release is installed. */
    private record Deployed(String release, Scenario scenario, ReleaseObjects objects, RedisNodes nodes,
            String password, Dataset data, String installedMaxclients) {
    }
}
