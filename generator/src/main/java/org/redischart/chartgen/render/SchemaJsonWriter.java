package org.redischart.chartgen.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes values.schema.json, which Helm uses to validate every install and upgrade.
 * Key order is the schema's own (it is meaningful: it is the order users read).
 */
final class SchemaJsonWriter {
    private final ObjectMapper mapper = new ObjectMapper();

    String write(JsonNode schema, String comment) {
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
}
