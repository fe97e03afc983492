package org.redischart.chartgen.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes values.schema.json, which Helm uses to validate every install and upgrade.
 * Key order is the schema's own (it is meaningful: it is the order users read).
 */
final class SchemaJsonWriter {
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param schema the values schema (not modified)
     * @param defaults the chart's default values: every key they give a non-null value is
     *        written as {@code required}, because Helm deletes a key a user sets to null and the
     *        templates need it (so {@code image.tag: null} is refused instead of rendering {@code <nil>});
     *        values whose type allows null keep it, as null has a documented meaning for them
     */
    String write(JsonNode schema, JsonNode defaults, String comment) {
        schema = schema.deepCopy();
        requireDefaults((ObjectNode) schema, (ObjectNode) schema, defaults);
        ObjectNode document = mapper.createObjectNode();
        document.set("$schema", schema.get("$schema"));
        document.put("$comment", comment);
        ((ObjectNode) schema).properties().forEach(e -> {
            if (!"$schema".equals(e.getKey())) {
                document.set(e.getKey(), e.getValue());
            }
        });
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return mapper.writer(printer).writeValueAsString(document).replace(" : ", ": ") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write values.schema.json", e);
        }
    }

    private static void requireDefaults(ObjectNode root, ObjectNode node, JsonNode defaults) {
        JsonNode properties = resolve(root, node).get("properties");
        if (properties == null || defaults == null || !defaults.isObject()) {
            return;
        }
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        properties.fields().forEachRemaining(p -> {
            JsonNode value = defaults.get(p.getKey());
            if (value != null && !value.isNull() && !allowsNull(resolve(root, p.getValue()))) {
                required.add(p.getKey());
                requireDefaults(root, (ObjectNode) p.getValue(), value);
            }
        });
        if (!required.isEmpty()) {
            node.set("required", required);
        }
    }

    /** A value whose type includes null has a documented meaning for null (e.g. "null means alpha"). */
    private static boolean allowsNull(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if ("null".equals(t.asText())) {
                    return true;
                }
            }
        }
        return "null".equals(type.asText());
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : root.at(ref.asText().substring(1));
    }
}
