package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.HelmRenderer.KUBE_VERSION;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.KubeApiServer;

/** The package mvn package writes is one that Helm pushes to an OCI registry and installs back by oci:// reference. */
class OciRegistryRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void helmPushesThePackageAndInstallsItBackByOciReferenceWithUserValues() throws Exception {
        Path chart = TestCharts.redis(tmp, "0.3.0");
        ChartArchive archive = new ChartPackager().packageChart(chart, tmp.resolve("chart-repo"), Optional.empty());
        Path userValues = Files.writeString(tmp.resolve("user-values.yaml"), "image:\n  tag: 8.2.2-alpine\n");

        try (KubeApiServer lookupTarget = new KubeApiServer();
             LocalOciRegistry registry = new LocalOciRegistry(Files.createDirectories(tmp.resolve("registry")))) {
            String pushed = Helm.push().withChart(archive.file())
                    .withRemote(URI.create("oci://" + registry.host() + "/charts")).plainHttp().call();
            assertThat(pushed).contains("Pushed: " + registry.host() + "/charts/redis:0.3.0");

            String reference = "oci://" + registry.host() + "/charts/redis";
            String manifests = Helm.template(reference).withName("cache").withVersion("0.3.0").withKubeVersion(KUBE_VERSION)
                    .withValuesFile(userValues).plainHttp().call();
            assertThat(manifests).contains("redis:8.2.2-alpine", "helm.sh/chart: redis-0.3.0");

            Release release = Helm.install(reference).withName("cache").withVersion("0.3.0").withKubeVersion(KUBE_VERSION)
                    .withValuesFile(userValues).plainHttp()
                    .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call();
            assertThat(release.getChart()).isEqualTo("redis-0.3.0");
            assertThat(release.getAppVersion()).isEqualTo(TestCharts.chartField("appVersion"));
        }
    }
}
