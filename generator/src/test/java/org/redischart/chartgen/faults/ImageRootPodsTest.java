package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.ImageRoots;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;

/**
 * The pod harness on an image root (Redis 8 from Debian trixie, built by mmdebstrap): the
 * chart's containers run chrooted into it as the image's uid, the root read-only and only the
 * volumes writable, with the root's programs only, so a script calling a program the image lacks
 * fails. The chart's sentinel set then starts and takes writes on Redis 8.
 */
class ImageRootPodsTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void containersRunInTheImageRootReadOnlyAsTheImagesUser() {
        Manifests manifests = SentinelFaultsTest.render("sentinel-session");
        ImageRoots roots = ImageRoots.redis8();
        System.out.println("image root pods: " + roots.redisVersion());
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, RepoLayout.root()
                .resolve("generator/target/fault-pods").resolve("image-root-" + System.nanoTime())).withImageRoots(roots).enforcingPolicies()) {
            List<Pod> nodes = pods.addStatefulSet(SentinelFaultsTest.STATEFULSET, HelmRenderer.NAMESPACE);
            nodes.forEach(Pod::start);
            for (Pod pod : nodes) {
                assertThat(pod.awaitProbe("redis", "readinessProbe", WAIT)).as(() -> "Redis 8 readiness\n" + pods.logs()).isTrue();
            }
            Pod pod = nodes.get(0);
            String inside = pod.exec("redis", List.of("sh", "-c", "id -u; redis-server --version; "
                    + "touch /usr/bin/x 2>&1 || echo root read-only; touch /data/x && echo data writable; "
                    + "ps 2>&1 || echo no ps"), Duration.ofSeconds(20)).output();
            System.out.println("image root pods: inside the redis container: " + inside.replace('\n', ' '));
            assertThat(inside).contains("999\n").contains("v=8.").contains("root read-only").contains("data writable")
                    .contains("no ps");
            assertThat(pod.exec("redis", List.of("redis-cli", "-a", SentinelFaultsTest.PASSWORD, "--no-auth-warning",
                    "info", "server"), Duration.ofSeconds(10)).output()).as("the server the chart's scripts started")
                    .contains("redis_version:8.");
        }
    }
}
