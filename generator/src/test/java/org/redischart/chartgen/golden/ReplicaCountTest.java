package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * Scaling the replicas changes no pod template of a running pod: Kubernetes would restart
 * the pod (the primary too) for any change of its template.
 */
class ReplicaCountTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"sentinel, scale-redis-node, scale-redis-sentinel, nodes",
            "replication, scale-redis-primary, scale-redis, replica-hosts"})
    void changingReplicaCountLeavesThePodTemplateAlone(String architecture, String statefulSet, String configMap, String hostsKey) {
        Manifests two = render(architecture, 2);
        Manifests three = render(architecture, 3);

        assertThat(three.get("StatefulSet", statefulSet).path("spec").path("template"))
                .isEqualTo(two.get("StatefulSet", statefulSet).path("spec").path("template"));
        assertThat(three.get("ConfigMap", configMap).path("data").path(hostsKey).asText().split(" "))
                .as("the host list the scripts read").hasSize("sentinel".equals(architecture) ? 4 : 3);
    }

    private static Manifests render(String architecture, int replicas) {
        return Manifests.parse(new HelmRenderer(RepoLayout.chart()).render("scale", null, Map.of(
                "architecture", architecture, "replica.replicaCount", replicas, "auth.password", "fixed-for-the-test")));
    }
}
