package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Builds JSON Schema 2020-12 validators (networknt) and runs them into sorted {@link Violation}s. */
public final class SchemaValidators {
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .locale(Locale.ROOT)
            .formatAssertionsEnabled(true)
            // Validators are built as validation first needs them, not all when a schema is
            // compiled: a default or a values file reaches only part of a schema's branches.
            .preloadJsonSchema(false)
            .build();
    private final ViolationFormatter formatter = new ViolationFormatter();

    /** The validator for documents that claim to be JSON Schema 2020-12. */
    public JsonSchema metaSchema() {
        return factory.getSchema(SchemaLocation.of(SchemaId.V202012), config);
    }

    public JsonSchema forSchema(JsonNode schema) {
        return factory.getSchema(schema, config);
    }

    public List<Violation> violations(JsonSchema schema, JsonNode document) {
        return schema.validate(document).stream()
                .map(message -> formatter.format(message, schema.getSchemaNode()))
                .distinct()
                .sorted(Comparator.comparing(Violation::path).thenComparing(Violation::message))
                .toList();
    }
}
