package org.redischart.chartgen.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of every chart version, in file order, read from CHANGELOG.md by {@link ChangelogReader}.
 * {@code source} names the file in messages.
 */
public record Changelog(String source, Map<String, List<Change>> versions) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    public Changelog {
        versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** The changes of {@code version}; a version without a section is an error, as a release needs notes. */
    public List<Change> changesFor(String version) {
        List<Change> changes = versions.get(version);
        if (changes == null) {
            throw new ChangelogException(List.of(source + ": expected a section '## " + version
                    + "' (the chart version), found sections " + versions.keySet().stream().sorted().toList()));
        }
        return changes;
    }

    /**
     * The value of Chart.yaml's {@code artifacthub.io/changes} annotation for {@code version}: a YAML
     * list of {@code kind}/{@code description} maps, as a string ending in a newline.
     */
    public String artifactHubChanges(String version) {
        List<Map<String, String>> list = changesFor(version).stream().map(Changelog::entry).toList();
        try {
            return YAML.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the changes of " + version + " as YAML", e);
        }
    }

    /** Keeps {@code kind} before {@code description}, the order Artifact Hub documents. */
    private static Map<String, String> entry(Change change) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("kind", change.kind().label());
        entry.put("description", change.description());
        return entry;
    }
}
