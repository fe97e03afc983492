package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The objects of a rendered release, parsed, to find one by kind and name. */
public record Manifests(String text, List<JsonNode> objects) {
    private static final YAMLMapper MAPPER = new YAMLMapper();

    public static Manifests parse(String text) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && node.has("kind")) {
                    objects.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests are not YAML", e);
        }
        return new Manifests(text, List.copyOf(objects));
    }

    public List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    public Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    public JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name
                + " among " + objects.stream().map(o -> o.path("kind").asText() + "/"
                + o.path("metadata").path("name").asText()).toList()));
    }

    /** The redis.conf text from the chart's ConfigMap. */
    public String redisConf(String configMapName) {
        return get("ConfigMap", configMapName).path("data").path("redis.conf").asText();
    }
}
