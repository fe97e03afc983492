package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/** The chart works as a dependency: an umbrella chart with global values renders it through real Helm. */
class UmbrellaChartTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void anUmbrellaChartWithGlobalValuesRendersTheRedisSubchart() throws IOException {
        Path parent = work.resolve("platform");
        TreeCopy.copy(RepoLayout.chart(), parent.resolve("charts/redis"));
        Files.writeString(parent.resolve("Chart.yaml"), """
                apiVersion: v2
                name: platform
                version: 1.0.0
                dependencies:
                  - name: redis
                    version: "%s"
                    repository: file://charts/redis
                """.formatted(RepoLayout.chartVersion()));
        Files.writeString(parent.resolve("values.yaml"), """
                global:
                  imageRegistry: registry.example.com
                  storageClass: fast-ssd
                redis:
                  architecture: replication
                """);

        String rendered = Helm.template(parent.toString()).withName("shop").withNamespace(HelmRenderer.NAMESPACE)
                .withKubeVersion(HelmRenderer.KUBE_VERSION).call();

        Manifests manifests = Manifests.parse(rendered);
        assertThat(manifests.ofKind("StatefulSet")).extracting(s -> s.path("metadata").path("name").asText())
                .contains("shop-redis-primary", "shop-redis-replica");
        assertThat(rendered).contains("# Source: platform/charts/redis/templates/");
    }
}
