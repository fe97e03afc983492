package org.redischart.chartgen.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One architecture's e2e inputs, from {@code src/test/resources/e2e/<architecture>/}: the user's
 * {@code values.yaml} for install and {@code upgrade.yaml}, layered on it for the upgrade,
 * which must change {@code redis.maxclients} so the test can see the running Redis pick it up.
 */
record Scenario(String architecture, Path values, Path upgrade, String upgradedMaxclients) {
    static final String STANDALONE = "standalone";

    static Scenario load(Path e2eResources, String architecture) {
        Path dir = e2eResources.resolve(architecture);
        Path values = dir.resolve("values.yaml");
        Path upgrade = dir.resolve("upgrade.yaml");
        List<String> problems = new ArrayList<>();
        for (Path file : List.of(values, upgrade)) {
            if (!Files.isRegularFile(file)) {
                problems.add(file + ": missing");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("e2e scenario " + architecture + ": " + String.join("; ", problems));
        }
        JsonNode maxclients = HelmReleases.readYaml(upgrade).path("redis").path("maxclients");
        if (!maxclients.canConvertToInt()) {
            throw new IllegalStateException(upgrade + ": .redis.maxclients: expected a number the upgrade"
                    + " changes, found " + (maxclients.isMissingNode() ? "nothing" : maxclients.toString()));
        }
        return new Scenario(architecture, values, upgrade, maxclients.asText());
    }

    /**
     * Why the chart cannot install this architecture yet, judged by its values.schema.json:
     * {@code architecture} must list it in its enum. A chart without an {@code architecture}
     * value is standalone only.
     */
    static Optional<String> unsupportedBy(String schemaJson, String architecture) {
        try {
            JsonNode property = new ObjectMapper().readTree(schemaJson).path("properties").path("architecture");
            if (property.isMissingNode()) {
                return STANDALONE.equals(architecture) ? Optional.empty()
                        : Optional.of("the chart's values.schema.json has no `architecture` value yet");
            }
            for (JsonNode known : property.path("enum")) {
                if (architecture.equals(known.asText())) {
                    return Optional.empty();
                }
            }
            return Optional.of("the chart's values.schema.json .architecture enum " + property.path("enum")
                    + " does not list " + architecture + " yet");
        } catch (IOException e) {
            throw new UncheckedIOException("the chart's values.schema.json is not JSON", e);
        }
    }
}
