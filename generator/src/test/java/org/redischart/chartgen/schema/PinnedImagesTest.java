package org.redischart.chartgen.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * The schema is the one place that pins each image and says why: every image's tag
 * description reads "Pinned at &lt;its default&gt;: &lt;reason&gt;", so moving a pin without
 * its reason (or the reason without the pin) fails here. The CHANGELOG says when each moved.
 */
class PinnedImagesTest {
    @Test
    void everyPinnedTagSaysWhyItIsPinnedAtItsDefault() throws IOException {
        JsonNode schema = new ObjectMapper(new YAMLFactory()).readTree(RepoLayout.schema().resolve("values.schema.yaml").toFile());
        Map<String, JsonNode> tags = new TreeMap<>();
        collectImageTags(schema.path("properties"), "", tags);
        assertThat(tags).as("image tags in the schema").containsKeys("image.tag", "haproxy.image.tag", "metrics.image.tag");
        tags.forEach((path, tag) -> {
            String pinned = tag.path("default").asText();
            assertThat(tag.path("description").asText()).as(path)
                    .containsPattern("Pinned at " + java.util.regex.Pattern.quote(pinned) + ": \\S.{20,}");
        });
    }

    @Test
    void redisIsPinnedAtOrAfterTheSecurityRelease8_2_3() throws IOException {
        JsonNode schema = new ObjectMapper(new YAMLFactory()).readTree(RepoLayout.schema().resolve("values.schema.yaml").toFile());
        String[] version = schema.at("/properties/image/properties/tag/default").asText().split("\\.");
        assertThat(Integer.parseInt(version[0])).isEqualTo(8);
        assertThat(Integer.parseInt(version[1])).isEqualTo(2);
        assertThat(Integer.parseInt(version[2])).as("8.2 patch release (8.2.3 fixed CVE-2025-62507)").isGreaterThanOrEqualTo(3);
    }

    /** Every object with repository and tag properties (an image), by its value path. */
    private static void collectImageTags(JsonNode properties, String prefix, Map<String, JsonNode> tags) {
        properties.properties().forEach(entry -> {
            JsonNode inner = entry.getValue().path("properties");
            String path = prefix + entry.getKey();
            if (inner.has("repository") && inner.has("tag")) {
                tags.put(path + ".tag", inner.path("tag"));
            }
            collectImageTags(inner, path + ".", tags);
        });
    }
}
