package org.redischart.chartgen.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Writes one key and its value as YAML text: minimal quoting, block style, LF endings.
 * The value is written as the only entry of a mapping, so Jackson decides the quoting
 * exactly as it would inside a document.
 */
final class YamlText {
    private final YAMLMapper mapper = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    /** {@code key: value} lines, indented; a non-empty collection continues on the next lines. */
    String entry(String key, JsonNode value, String indent) {
        StringBuilder out = new StringBuilder();
        write(key, value).lines().forEach(line -> out.append(indent).append(line).append('\n'));
        return out.toString();
    }

    /** The value alone, on one line (collections in flow style), for tables. */
    String inline(JsonNode value) {
        if (value.isContainerNode()) {
            return value.isEmpty() ? (value.isObject() ? "{}" : "[]") : value.toString();
        }
        String line = write("k", value).strip();
        return line.substring(line.indexOf(':') + 1).strip();
    }

    private String write(String key, JsonNode value) {
        try {
            return mapper.writeValueAsString(JsonNodeFactory.instance.objectNode().set(key, value))
                    .replace("\r\n", "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML for " + key, e);
        }
    }
}
