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
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.ImageRoots;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.Shell;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import org.redischart.chartgen.testing.pods.TestCertificates;

/**
 * The cluster architecture with tls.enabled (tls-cluster yes, mutual TLS) on the pod harness:
 * the rendered bootstrap Job creates the cluster over TLS, every node's probes pass, the bus
 * gossips over TLS (cluster_state:ok), and a cluster client (redis-cli -c --tls) follows
 * redirects across the nodes.
 */
class TlsClusterPodsTest {
    static final String SCENARIO = "cluster-tls";
    static final String STATEFULSET = SentinelFaultsTest.RELEASE + "-redis-cluster";
    static final String JOB = SentinelFaultsTest.RELEASE + "-redis-cluster-bootstrap";
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void clusterBootstrapsAndServesOverMutualTlsOnTheClientPortAndTheBus() {
        // Redis 8 from the trixie root; the host's 7.0 with -Dpods.imageRoots=host.
        Optional<ImageRoots> roots = ImageRoots.fromProperty(ImageRoots.redis8());
        System.out.println("tls " + SCENARIO + ": " + roots.map(ImageRoots::versions).orElseGet(() -> ImageRoots.redisVersion(roots)));
        bootstrapsAndServesOverMutualTls(SCENARIO, ClusterFaultsTest.renderWithJob(work, SCENARIO, Map.of()), roots, "redis-cli", work);
    }

    /**
     * The cluster of {@code manifests} (cluster-tls, the bootstrap Job included) on {@code roots}:
     * bootstrapped over TLS, Ready, cluster_state:ok everywhere, 20 keys SET and GET across the
     * shards with {@code cli} -c in the pods, and a plain client refused.
     */
    static void bootstrapsAndServesOverMutualTls(String label, Manifests manifests, Optional<ImageRoots> roots, String cli,
            Path work) {
        assertThat(manifests.redisConf(SentinelFaultsTest.RELEASE + "-redis")).contains("tls-cluster yes", "port 0");
        Path root = RepoLayout.root().resolve("generator/target/fault-pods").resolve(label + "-" + System.nanoTime());
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root).enforcingPolicies()) {
            roots.ifPresent(pods::withImageRoots);
            List<Pod> nodes = new ArrayList<>(pods.addStatefulSet(STATEFULSET, HelmRenderer.NAMESPACE));
            TestCertificates certs = new TestCertificates(work.resolve("certs"));
            String headless = SentinelFaultsTest.RELEASE + "-redis-cluster-headless." + HelmRenderer.NAMESPACE + ".svc.cluster.local";
            certs.install(certs.issue("server", 1, List.of("*." + headless, "localhost")), pods.secret("redis-tls"), TlsSentinelPodsTest.FS_GROUP);
            long start = System.nanoTime();
            nodes.forEach(Pod::start);

            Shell.Result bootstrap = pods.addJob(manifests, JOB).runToCompletion("bootstrap", WAIT);
            assertThat(bootstrap.exit()).as(() -> String.format("bootstrap Job over TLS\n%s\n%s", bootstrap.output(), pods.logs())).isZero();
            for (Pod node : nodes) {
                assertThat(node.awaitProbe("redis", "readinessProbe", WAIT)).as(() -> "readiness over TLS\n" + pods.logs()).isTrue();
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!nodes.stream().allMatch(n -> cli(n, cli, "cluster", "info").contains("cluster_state:ok"))) {
                assertThat(System.nanoTime()).as(() -> "cluster_state:ok on every node (bus over TLS)\n" + pods.logs()).isLessThan(deadline);
                org.redischart.chartgen.testing.LocalPods.sleep(Duration.ofMillis(200));
            }
            long ok = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("tls %s: 3 shards bootstrapped by the rendered Job over TLS, cluster_state:ok after %d ms%n", label, ok);
            servesOverTlsOnly(label, nodes, cli);
        }
    }

    /**
     * 20 keys SET on one node and GET on another with {@code cli} -c and the rendered
     * REDIS_CLI_ARGS (TLS files), in the pods: redirects followed across the shards over TLS;
     * a plain client is refused.
     */
    static void servesOverTlsOnly(String label, List<Pod> nodes, String cli) {
        for (int i = 0; i < 20; i++) {
            assertThat(cli(nodes.get(0), cli, "-c", "set", "tls-key-" + i, "v" + i)).isEqualTo("OK");
        }
        for (int i = 0; i < 20; i++) {
            assertThat(cli(nodes.get(2), cli, "-c", "get", "tls-key-" + i)).isEqualTo("v" + i);
        }
        String plain = nodes.get(0).exec("redis", List.of("sh", "-c", cli + " -h 127.0.0.1 -p 6379 ping 2>&1"),
                Duration.ofSeconds(5)).output();
        assertThat(plain).as("plain client").doesNotContain("PONG");
        System.out.printf("tls %s: 20 keys SET/GET across shards with %s -c --tls; plain client got [%s]%n",
                label, cli, plain.strip().replace('\n', ' '));
    }

    /** {@code cli} against the node's own server with the rendered REDIS_CLI_ARGS (TLS files) and password. */
    private static String cli(Pod pod, String cli, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", cli + " ${REDIS_CLI_ARGS:-} --raw -h 127.0.0.1 -p 6379 \"$@\" 2>&1", "sh"));
        command.addAll(List.of(args));
        return pod.exec("redis", command, Duration.ofSeconds(5)).output().strip();
    }
}
