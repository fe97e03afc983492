package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.SuiteBanner;
import org.redischart.chartgen.testing.pods.ImageRoots;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import org.redischart.chartgen.testing.pods.TestCertificates;

/**
 * Issue 31: the cluster architecture with {@code engine: valkey} and mutual TLS
 * (faults/cluster.yaml with tls.enabled, tls.authClients) on valkey-server 8.1 processes in
 * cluster mode, in the Valkey image root, through the scenarios of {@link ClusterFaultsTest}
 * and {@link TlsClusterPodsTest}, the test's own clients over TLS too: the rendered Job
 * bootstraps 3 shards of a primary and a replica once, over TLS (tls-cluster yes, port 0);
 * valkey-cli -c --tls in the pods follows redirects and a plain client is refused; the helm
 * test pod SETs and GETs through the Service; a cluster client writes and reads across the
 * slots; kill -9 of a shard's primary promotes its replica with no WAIT-acknowledged write
 * lost, the old primary back as its replica.
 */
class ValkeyClusterPodsTest {
    static final String LABEL = "valkey " + ClusterFaultsTest.SCENARIO + " tls";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void valkeyClusterBootstrapsOnceOverTlsServesClientsAndFailsOverAShardWithoutLosingAcknowledgedWrites() {
        ImageRoots roots = ImageRoots.trixie();
        SuiteBanner.once("pods run on " + roots.valkeyVersion());
        Manifests manifests = ClusterFaultsTest.renderWithJob(work, ClusterFaultsTest.SCENARIO, Map.of("engine", "valkey",
                "tls.enabled", true, "tls.existingSecret", "redis-tls", "tls.authClients", true));
        assertThat(manifests.redisConf(SentinelFaultsTest.RELEASE + "-redis")).contains("tls-cluster yes", "port 0");
        Path root = RepoLayout.root().resolve("generator/target/fault-pods").resolve("valkey-cluster-" + System.nanoTime());
        TestCertificates certs = new TestCertificates(work.resolve("certs"));
        String headless = ClusterFaultsTest.STATEFULSET + "-headless." + HelmRenderer.NAMESPACE + ".svc.cluster.local";
        Path[] server = certs.issue("server", 1, List.of("*." + headless, "localhost"));
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root).enforcingPolicies()
                .withImageRoots(roots).withTlsClient(certs.clientSocketFactory(server))) {
            List<Pod> nodes = new ArrayList<>(pods.addStatefulSet(ClusterFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE));
            certs.install(server, pods.secret("redis-tls"), TlsSentinelPodsTest.FS_GROUP);
            RedisSet set = new RedisSet(pods, nodes);
            ClusterView cluster = new ClusterView(pods, set);
            nodes.forEach(Pod::start);

            ClusterFaultsTest.bootstrapCreatesTheClusterOnce(LABEL, pods, manifests, cluster, nodes);
            TlsClusterPodsTest.servesOverTlsOnly(LABEL, nodes, "valkey-cli");
            String info = set.info(nodes.get(0), "server", "valkey_version");
            System.out.printf("fault %s: the nodes run valkey_version %s%n", LABEL, info);
            assertThat(info).as("valkey_version of INFO server").startsWith("8.");
            ClusterFaultsTest.helmTestPodSetsAndGetsThroughTheService(LABEL, pods, manifests, nodes.get(1));
            Map<String, String> written = ClusterFaultsTest.writeThroughClusterClient(LABEL, cluster, nodes.get(0), 2_000);
            ClusterFaultsTest.primaryKilledReplicaTakesOver(LABEL, cluster, set, nodes);
            assertThat(ClusterFaultsTest.missing(cluster, nodes.get(0), written)).as("keys after the failover").isEmpty();
        }
    }
}
