package org.redischart.chartgen.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.redischart.chartgen.schema.ValuesSchema;

/**
 * Everything the templates need to produce the chart.
 *
 * @param metadata name, description, links, maintainers
 * @param version the chart version (the Maven project version)
 * @param appVersion the Redis version: the default image tag
 * @param schema the validated values schema
 * @param defaults the default values document
 * @param parameters every parameter in schema order
 * @param artifactHubChanges this version's CHANGELOG.md section as Artifact Hub's changes YAML, or empty
 * @param releaseNotes every CHANGELOG.md section in file order (newest first), or none without a changelog
 */
public record ChartModel(
        ChartMetadata metadata,
        String version,
        String appVersion,
        ValuesSchema schema,
        JsonNode defaults,
        List<Parameter> parameters,
        String artifactHubChanges,
        List<ReleaseNotes> releaseNotes) {

    public ChartModel {
        releaseNotes = List.copyOf(releaseNotes);
    }

    /** The changes YAML indented to sit under Chart.yaml's {@code artifacthub.io/changes: |}. */
    public String artifactHubChangesIndented() {
        return String.join("\n", artifactHubChanges.lines().map(line -> "    " + line).toList());
    }

    /** The default image reference, e.g. {@code docker.io/library/redis:8.2.2}. */
    public String defaultImage() {
        JsonNode image = defaults.path("image");
        return image.path("registry").asText() + "/" + image.path("repository").asText() + ":" + appVersion;
    }
}
