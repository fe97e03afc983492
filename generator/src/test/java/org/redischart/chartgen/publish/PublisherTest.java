package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path tmp;

    private final Publisher publisher = new Publisher(new ChartPackager(), Clock.fixed(NOW, ZoneOffset.UTC));
    private Path chart;

    @BeforeEach
    void createChart() {
        chart = TestCharts.redis(tmp, "0.1.0");
    }

    @Test
    void aFirstReleaseWritesThePackageAndAnIndexListingIt() throws IOException {
        Path out = tmp.resolve("chart-repo");

        PublishResult result = publisher.publish(request(tmp.resolve("no-published-repo-yet"), out, Optional.empty()));

        assertThat(result).isEqualTo(new PublishResult("redis", "0.1.0", true, java.util.List.of("0.1.0")));
        JsonNode index = YAML.readTree(out.resolve("index.yaml").toFile());
        assertThat(index.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(index.path("generated").asText()).isEqualTo("2026-11-25T12:00:00Z");
        JsonNode entry = index.path("entries").path("redis").get(0);
        assertThat(entry.path("name").asText()).isEqualTo("redis");
        assertThat(entry.path("version").asText()).isEqualTo("0.1.0");
        assertThat(entry.path("appVersion").asText()).isEqualTo(TestCharts.chartField("appVersion"));
        assertThat(entry.path("apiVersion").asText()).isEqualTo("v2");
        assertThat(entry.path("description").asText()).isEqualTo(TestCharts.chartField("description"));
        assertThat(entry.path("kubeVersion").asText()).isEqualTo(TestCharts.chartField("kubeVersion"));
        assertThat(entry.path("created").asText()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(entry.path("urls").get(0).asText()).isEqualTo("redis-0.1.0.tgz");
        assertThat(entry.path("digest").asText())
                .isEqualTo(ChartArchive.sha256(Files.readAllBytes(out.resolve("redis-0.1.0.tgz"))));
    }

    @Test
    void bumpingTheVersionAddsAnEntryAndLeavesThePublishedOneUntouched() throws IOException {
        Path published = tmp.resolve("docs-repo");
        publisher.publish(request(tmp.resolve("empty"), published, Optional.empty()));
        JsonNode oldEntry = YAML.readTree(published.resolve("index.yaml").toFile()).path("entries").path("redis").get(0);
        byte[] oldPackage = Files.readAllBytes(published.resolve("redis-0.1.0.tgz"));

        TestCharts.setVersion(chart, "0.2.0");
        TestCharts.appendComment(chart.resolve("templates/redis-service.yaml"), "0.2.0");
        Path out = tmp.resolve("chart-repo");
        PublishResult result = publisher.publish(request(published, out, Optional.empty()));

        assertThat(result.versions()).containsExactly("0.2.0", "0.1.0");
        JsonNode entries = YAML.readTree(out.resolve("index.yaml").toFile()).path("entries").path("redis");
        assertThat(entries.get(1)).isEqualTo(oldEntry);
        assertThat(entries.get(1).path("digest").asText()).isEqualTo(ChartArchive.sha256(oldPackage));
        assertThat(Files.readAllBytes(out.resolve("redis-0.1.0.tgz"))).isEqualTo(oldPackage);
        assertThat(out.resolve("redis-0.2.0.tgz")).isRegularFile();
    }

    @Test
    void republishingAnUnchangedVersionKeepsThePublishedIndexByteForByte() throws IOException {
        Path published = tmp.resolve("docs-repo");
        publisher.publish(request(tmp.resolve("empty"), published, Optional.empty()));
        Path out = tmp.resolve("chart-repo");

        PublishResult result = publisher.publish(request(published, out, Optional.empty()));

        assertThat(result.added()).isFalse();
        assertThat(Files.readString(out.resolve("index.yaml"))).isEqualTo(Files.readString(published.resolve("index.yaml")));
        assertThat(Files.readAllBytes(out.resolve("redis-0.1.0.tgz")))
                .isEqualTo(Files.readAllBytes(published.resolve("redis-0.1.0.tgz")));
    }

    @Test
    void changingAPublishedVersionIsRefusedWithTheBumpMessage() {
        Path published = tmp.resolve("docs-repo");
        publisher.publish(request(tmp.resolve("empty"), published, Optional.empty()));
        TestCharts.appendComment(chart.resolve("values.yaml"), "a change");

        assertThatThrownBy(() -> publisher.publish(request(published, tmp.resolve("chart-repo"), Optional.empty())))
                .isInstanceOf(PublishException.class)
                .hasMessage(chart + " differs from the published redis-0.1.0.tgz: bump the version in pom.xml "
                        + "(files: values.yaml)");
    }

    @Test
    void aBaseUrlMakesThePackageUrlAbsolute() throws IOException {
        Path out = tmp.resolve("chart-repo");

        publisher.publish(request(tmp.resolve("empty"), out, Optional.of(URI.create("https://example.org/charts/"))));

        JsonNode entry = YAML.readTree(out.resolve("index.yaml").toFile()).path("entries").path("redis").get(0);
        assertThat(entry.path("urls").get(0).asText()).isEqualTo("https://example.org/charts/redis-0.1.0.tgz");
    }

    private PublishRequest request(Path published, Path out, Optional<URI> url) {
        return new PublishRequest(chart, published, out, url, Optional.empty());
    }
}
