package org.redischart.chartgen.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.redischart.chartgen.input.YamlReader;

/**
 * A Helm chart repository's index.yaml ({@code apiVersion: v1}, {@code entries.<name>[]},
 * {@code generated}). Entries already published are kept as read; adding a version appends one
 * entry and keeps each chart's entries newest first, as Helm does.
 */
public final class RepositoryIndex {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private final ObjectNode entries;

    private RepositoryIndex(ObjectNode entries) {
        this.entries = entries;
    }

    public static RepositoryIndex empty() {
        return new RepositoryIndex(JsonNodeFactory.instance.objectNode());
    }

    /** Reads {@code index.yaml}; a missing file is an empty repository. */
    public static RepositoryIndex read(Path indexYaml) {
        if (!Files.isRegularFile(indexYaml)) {
            return empty();
        }
        JsonNode root = new YamlReader().read(indexYaml);
        if (root.isObject() && root.isEmpty()) {
            return empty();
        }
        {
            if (!"v1".equals(root.path("apiVersion").asText())) {
                throw new PublishException(indexYaml + ": .apiVersion: expected v1, found '"
                        + root.path("apiVersion").asText() + "'");
            }
            JsonNode entries = root.path("entries");
            if (entries.isMissingNode() || entries.isNull()) {
                return empty();
            }
            if (!(entries instanceof ObjectNode object)) {
                throw new PublishException(indexYaml + ": .entries: expected a mapping, found " + entries.getNodeType());
            }
            return new RepositoryIndex(object.deepCopy());
        }
    }

    public boolean contains(String name, String version) {
        return versions(name).contains(version);
    }

    /** The versions listed for {@code name}, in index order (newest first). */
    public List<String> versions(String name) {
        List<String> versions = new ArrayList<>();
        entries.path(name).forEach(entry -> versions.add(entry.path("version").asText()));
        return versions;
    }

    /** Adds the package's Chart.yaml fields plus digest, urls and created; sorted keys as Helm writes them. */
    public void add(ChartArchive archive, String url, Instant created) {
        if (contains(archive.name(), archive.version())) {
            throw new PublishException("index.yaml: .entries." + archive.name() + ": version " + archive.version()
                    + " is already published and is never rewritten");
        }
        TreeMap<String, JsonNode> fields = new TreeMap<>();
        archive.chartYaml().properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
        fields.put("created", JsonNodeFactory.instance.textNode(created.toString()));
        fields.put("digest", JsonNodeFactory.instance.textNode(archive.digest()));
        fields.put("urls", JsonNodeFactory.instance.arrayNode().add(url));
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        fields.forEach(entry::set);

        List<JsonNode> chartEntries = new ArrayList<>();
        entries.path(archive.name()).forEach(chartEntries::add);
        chartEntries.add(entry);
        chartEntries.sort(Comparator.comparing(
                (JsonNode e) -> SemanticVersion.parse(e.path("version").asText())).reversed());
        ArrayNode sorted = JsonNodeFactory.instance.arrayNode().addAll(chartEntries);
        entries.set(archive.name(), sorted);
    }

    public void write(Path indexYaml, Instant generated) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("apiVersion", "v1");
        ObjectNode sortedEntries = root.putObject("entries");
        toMap(entries).forEach(sortedEntries::set);
        root.put("generated", generated.toString());
        try {
            Files.createDirectories(indexYaml.toAbsolutePath().getParent());
            YAML.writeValue(indexYaml.toFile(), root);
        } catch (IOException e) {
            throw new PublishException("cannot write repository index " + indexYaml + ": " + e.getMessage(), e);
        }
    }

    private static TreeMap<String, JsonNode> toMap(ObjectNode node) {
        TreeMap<String, JsonNode> map = new TreeMap<>();
        node.properties().forEach(field -> map.put(field.getKey(), field.getValue()));
        return map;
    }
}
