package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.redischart.chartgen.testing.HelmRenderer.KUBE_VERSION;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.SearchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.KubeApiServer;

/** The published repository served over HTTP is one that real Helm adds, searches and installs from. */
class HttpRepositoryRoundTripTest {

    @TempDir
    Path tmp;

    private Path repo;
    private Path repositoryConfig;
    private Path userValues;

    @BeforeEach
    void publishTwoVersions() throws Exception {
        Path chart = TestCharts.redis(tmp, "0.1.0");
        repo = tmp.resolve("chart-repo");
        Publisher publisher = new Publisher(new ChartPackager(), Clock.systemUTC());
        publisher.publish(new PublishRequest(chart, repo, repo, Optional.empty(), Optional.empty()));
        TestCharts.setVersion(chart, "0.2.0");
        TestCharts.appendComment(chart.resolve("values.yaml"), "0.2.0");
        publisher.publish(new PublishRequest(chart, repo, repo, Optional.empty(), Optional.empty()));

        repositoryConfig = tmp.resolve("helm/repositories.yaml");
        userValues = Files.writeString(tmp.resolve("user-values.yaml"), "image:\n  tag: 8.2.2-alpine\n");
    }

    @Test
    void helmAddsTheRepositoryListsBothVersionsNewestFirstAndInstallsAnOlderOneWithUserValues() throws Exception {
        try (KubeApiServer lookupTarget = new KubeApiServer();
             StaticRepositoryServer server = new StaticRepositoryServer(repo)) {
            String appVersion = TestCharts.chartField("appVersion");
            String name = "redischart-" + Long.toHexString(System.nanoTime());
            Helm.repo().add().withRepositoryConfig(repositoryConfig).withName(name).withUrl(server.url()).call();
            Helm.repo().update().withRepositoryConfig(repositoryConfig).call();

            List<SearchResult> found = Helm.search().repo().withRepositoryConfig(repositoryConfig)
                    .withKeyword(name + "/redis").call();
            assertThat(found).extracting(SearchResult::getName, SearchResult::getChartVersion, SearchResult::getAppVersion)
                    .containsExactly(tuple(name + "/redis", "0.2.0", appVersion), tuple(name + "/redis", "0.1.0", appVersion));

            String manifests = Helm.template(name + "/redis").withName("cache").withVersion("0.1.0").withKubeVersion(KUBE_VERSION)
                    .withValuesFile(userValues).withRepositoryConfig(repositoryConfig).call();
            assertThat(manifests).contains("redis:8.2.2-alpine", "helm.sh/chart: redis-0.1.0");

            Release release = Helm.install(name + "/redis").withName("cache").withVersion("0.1.0").withKubeVersion(KUBE_VERSION)
                    .withValuesFile(userValues).withRepositoryConfig(repositoryConfig)
                    .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call();
            assertThat(release.getName()).isEqualTo("cache");
            assertThat(release.getAppVersion()).isEqualTo(appVersion);
            assertThat(release.getOutput()).contains("NOTES:");

            assertThat(server.requests()).contains("/index.yaml", "/redis-0.1.0.tgz");
        }
    }
}
