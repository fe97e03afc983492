package org.redischart.chartgen.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.YamlReader;

/** Reads schema/chart.yaml into {@link ChartMetadata}, refusing unknown or missing keys. */
public final class ChartMetadataLoader {
    private static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public ChartMetadata load(Path file) {
        JsonNode tree = new YamlReader().read(file);
        ChartMetadata metadata;
        try {
            metadata = mapper.treeToValue(tree, ChartMetadata.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(file + ": ." + e.getPropertyName()
                    + ": unknown key; expected one of " + String.join(", ", fieldNames()));
        } catch (MismatchedInputException e) {
            throw new InvalidInputException(file + ": " + pathOf(e) + ": " + e.getOriginalMessage());
        } catch (Exception e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        require(problems, file, ".name", metadata.name());
        require(problems, file, ".description", metadata.description());
        if (metadata.name() != null && !metadata.name().matches(NAME_PATTERN)) {
            problems.add(file + ": .name: expected a lowercase DNS label, found \"" + metadata.name() + "\"");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return metadata;
    }

    private static void require(List<String> problems, Path file, String key, String value) {
        if (value == null || value.isBlank()) {
            problems.add(file + ": " + key + ": is required but missing");
        }
    }

    private static String pathOf(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(ref -> path.append(ref.getFieldName() != null
                ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]"));
        return path.isEmpty() ? "." : path.toString();
    }

    private static List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        for (var component : ChartMetadata.class.getRecordComponents()) {
            names.add(component.getName());
        }
        return names;
    }
}
