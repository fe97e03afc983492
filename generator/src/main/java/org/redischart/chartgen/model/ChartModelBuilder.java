package org.redischart.chartgen.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.schema.ValuesSchema;

/** Assembles the {@link ChartModel} from the loaded schema, metadata and version. */
public final class ChartModelBuilder {
    private static final String SEMVER =
            "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$";

    /** The model of a chart version; {@code changelog} may be null when there is no CHANGELOG.md to carry. */
    public ChartModel build(ChartMetadata metadata, ValuesSchema schema, String version, Changelog changelog) {
        if (version == null || !version.matches(SEMVER)) {
            throw new InvalidInputException("--chart-version: expected a semantic version such as 1.2.3, found \""
                    + version + "\"");
        }
        JsonNode defaults = new DefaultValues().of(schema);
        String appVersion = defaults.path("image").path("tag").asText();
        if (appVersion.isEmpty()) {
            throw new InvalidInputException(schema.file()
                    + ": .image.tag: expected a default Redis image tag (it is the chart's appVersion), found none");
        }
        return new ChartModel(metadata, version, appVersion, schema, defaults,
                new ParameterCatalog().of(schema, defaults),
                changelog == null ? "" : changelog.artifactHubChanges(version),
                changelog == null ? java.util.List.of() : changelog.versions().entrySet().stream()
                        .map(section -> new ReleaseNotes(section.getKey(), section.getValue())).toList());
    }
}
