package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's rules on top of JSON Schema: every value has a description, every object
 * says whether it accepts unknown keys, and every {@code $ref} stays inside the document
 * (a remote or {@code urn:} reference breaks air-gapped installs); a directive annotation
 * ({@link Directives}) names a directive in lower case, on one value only.
 */
final class SchemaConventions {
    private final ValuesSchema schema;

    SchemaConventions(ValuesSchema schema) {
        this.schema = schema;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        new SchemaWalker().walk(schema.root(), (node, schemaPath, valuePath) -> {
            JsonNode ref = node.get("$ref");
            if (ref != null && !ref.asText().startsWith("#/")) {
                problems.add(SchemaLoader.at(schema, schemaPath) + schemaPath
                        + ": expected a local $ref (#/$defs/...), found " + ref);
            }
            boolean isProperty = schemaPath.matches(".*\\.properties\\.[^.]+$");
            if (isProperty && !node.has("description")) {
                problems.add(SchemaLoader.at(schema, schemaPath) + valuePath
                        + ": expected a description, found none");
            }
            if (declaresObject(node) && node.has("properties") && !node.has("additionalProperties")) {
                problems.add(SchemaLoader.at(schema, schemaPath) + valuePath
                        + ": expected additionalProperties (false, or a schema), found none");
            }
        });
        problems.addAll(Directives.problems(schema));
        return problems;
    }

    private static boolean declaresObject(JsonNode node) {
        JsonNode type = node.get("type");
        return type != null && type.isTextual() && "object".equals(type.asText());
    }
}
