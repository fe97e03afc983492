package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * What the chart refuses with architecture=cluster, in the words chartgen validate uses, and
 * the scale-in guard that only an upgrade (a StatefulSet already in the cluster) can trip.
 */
class ClusterGuardsTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cluster-without-persistence", "cluster-with-sentinel-values", "cluster-bus-port-out-of-range"})
    void helmRefusesWhatChartgenValidateRefusesInTheSameWords(String name) throws Exception {
        Path file = RepoLayout.testResources().resolve("bad-values/contradiction").resolve(name + ".yaml");
        String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: \\.[.a-zA-Z]+: ", "");
        assertThatThrownBy(() -> helm.render("guard", file)).hasMessageContaining(expected);
    }

    @Test
    void clusterWithoutPersistenceRunsOnlyWhenExplicitlyAllowed() {
        Manifests manifests = Manifests.parse(helm.render("guard", null,
                Map.of("architecture", "cluster", "profile", "cache", "cluster.allowNoPersistence", true)));
        assertThat(manifests.get("StatefulSet", "guard-redis-cluster").path("spec").has("volumeClaimTemplates")).isFalse();
        assertThat(RenderedConfig.directive(manifests.redisConf("guard-redis"), "cluster-enabled")).contains("yes");
    }

    @Test
    void anUpgradeThatWouldRemoveShardsIsRefusedAndOneThatAddsThemIsNot() {
        try {
            api.putStatefulSet(HelmRenderer.NAMESPACE, "guard-redis-cluster", 8);
            api.holdRelease(HelmRenderer.NAMESPACE, "guard", "redis", RepoLayout.chartVersion(),
                    helm.render("guard", null, Map.of("architecture", "cluster")));
            assertThatThrownBy(() -> helm.upgradeDryRun("guard", Map.of("architecture", "cluster")))
                    .hasMessageContaining("cluster.shards=3 with cluster.replicasPerShard=1 gives 6 pods, fewer than the 8")
                    .hasMessageContaining("Scaling in");
            helm.upgradeDryRun("guard", Map.of("architecture", "cluster", "cluster.shards", 5));
            Manifests scaled = Manifests.parse(helm.render("guard", null, Map.of("architecture", "cluster", "cluster.shards", 5)));
            assertThat(scaled.get("StatefulSet", "guard-redis-cluster").path("spec").path("replicas").asInt()).isEqualTo(10);
        } finally {
            api.deleteStatefulSets(HelmRenderer.NAMESPACE);
        }
    }
}
