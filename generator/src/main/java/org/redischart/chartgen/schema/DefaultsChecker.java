package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Checks that every {@code default} in the schema satisfies the subschema it belongs to. */
final class DefaultsChecker {
    private final ValuesSchema schema;
    private final SchemaValidators validators;

    DefaultsChecker(ValuesSchema schema, SchemaValidators validators) {
        this.schema = schema;
        this.validators = validators;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        new SchemaWalker().walk(schema.root(), (node, schemaPath, valuePath) -> {
            JsonNode value = node.get("default");
            if (value == null) {
                return;
            }
            for (Violation v : validators.violations(validators.forSchema(standalone(node)), value)) {
                String inner = ".".equals(v.path()) ? "" : v.path();
                problems.add(SchemaLoader.at(schema, schemaPath + ".default") + "default of "
                        + valuePath + inner + ": " + v.message());
            }
        });
        return problems;
    }

    /** The subschema as a document of its own, keeping the root's $defs so local refs resolve. */
    private ObjectNode standalone(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove("default");
        copy.set("$schema", schema.root().get("$schema"));
        if (schema.root().has("$defs")) {
            copy.set("$defs", schema.root().get("$defs"));
        }
        return copy;
    }
}
