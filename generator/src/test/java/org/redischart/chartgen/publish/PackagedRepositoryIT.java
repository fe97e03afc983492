package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.HelmRenderer.KUBE_VERSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.SearchResult;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.KubeApiServer;

/** What mvn package left in target/chart-repo is a repository real Helm accepts, over HTTP and OCI. */
class PackagedRepositoryIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path repo = Path.of(System.getProperty("chart.repo.out"));
    private final String version = System.getProperty("chart.version");

    @TempDir
    Path tmp;

    @Test
    void everyIndexEntryPointsAtAPackageWithItsDigest() throws Exception {
        JsonNode entries = YAML.readTree(repo.resolve("index.yaml").toFile()).path("entries").path("redis");

        assertThat(entries).extracting(e -> e.path("version").asText()).contains(version);
        for (JsonNode entry : entries) {
            Path tgz = repo.resolve(entry.path("urls").get(0).asText());
            assertThat(ChartArchive.read(tgz).digest()).as(tgz.toString()).isEqualTo(entry.path("digest").asText());
        }
    }

    @Test
    void helmInstallsThisVersionFromTheRepositoryServedOverHttp() throws Exception {
        Path repositoryConfig = tmp.resolve("repositories.yaml");
        try (KubeApiServer lookupTarget = new KubeApiServer();
             StaticRepositoryServer server = new StaticRepositoryServer(repo)) {
            Helm.repo().add().withRepositoryConfig(repositoryConfig).withName("redischart").withUrl(server.url()).call();
            Helm.repo().update().withRepositoryConfig(repositoryConfig).call();

            List<SearchResult> found = Helm.search().repo().withRepositoryConfig(repositoryConfig)
                    .withKeyword("redischart/redis").call();
            assertThat(found).extracting(SearchResult::getChartVersion).contains(version);

            Release release = Helm.install("redischart/redis").withName("cache").withVersion(version).withKubeVersion(KUBE_VERSION)
                    .withValuesFile(userValues())
                    .withRepositoryConfig(repositoryConfig)
                    .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call();
            assertThat(release.getChart()).isEqualTo("redis-" + version);
        }
    }

    @Test
    void helmPushesThisVersionToAnOciRegistryAndInstallsItBack() throws Exception {
        try (KubeApiServer lookupTarget = new KubeApiServer();
             LocalOciRegistry registry = new LocalOciRegistry(Files.createDirectories(tmp.resolve("registry")))) {
            Helm.push().withChart(repo.resolve("redis-" + version + ".tgz"))
                    .withRemote(URI.create("oci://" + registry.host() + "/charts")).plainHttp().call();

            Release release = Helm.install("oci://" + registry.host() + "/charts/redis").withName("cache")
                    .withVersion(version).withKubeVersion(KUBE_VERSION).withValuesFile(userValues()).plainHttp()
                    .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call();
            assertThat(release.getChart()).isEqualTo("redis-" + version);
        }
    }

    private Path userValues() throws java.io.IOException {
        return Files.writeString(tmp.resolve("user-values.yaml"), "image:\n  tag: 8.2.2-alpine\n");
    }
}
