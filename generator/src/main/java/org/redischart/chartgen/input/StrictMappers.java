package org.redischart.chartgen.input;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;

/**
 * Jackson readers for text chartgen did not write itself but trusts in size (a packaged
 * Chart.yaml, a preset table given as text): a key given twice is an error, as in
 * {@link YamlReader}, never a silent "last one wins".
 */
public final class StrictMappers {
    /** JSON with duplicate-key detection. */
    public static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private StrictMappers() {
    }

    /** Parses YAML text; {@code source} names it in the message of an {@link InvalidInputException}. */
    public static JsonNode readYaml(String source, byte[] text) {
        try {
            return Yaml.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": invalid YAML: " + firstLine(e.getMessage()));
        }
    }

    /**
     * YAML with duplicate-key detection, built on first use: {@code chartgen validate} reads
     * only JSON through Jackson, and a cold start need not load Jackson's YAML module.
     */
    private static final class Yaml {
        static final ObjectMapper MAPPER = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
