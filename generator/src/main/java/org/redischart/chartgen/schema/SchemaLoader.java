package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.YamlLineIndex;
import org.redischart.chartgen.input.YamlReader;

/**
 * Loads {@code values.schema.yaml} and refuses it unless it is a valid, self-contained
 * 2020-12 schema whose every default satisfies its own schema. Every problem is reported
 * with the file, the line and the path inside the schema.
 */
public final class SchemaLoader {
    private final YamlReader reader = new YamlReader();
    private final SchemaValidators validators = new SchemaValidators();

    public ValuesSchema load(Path file) {
        JsonNode root = reader.read(file);
        ValuesSchema schema = new ValuesSchema(file, root, YamlLineIndex.of(readText(file)));
        List<String> problems = new ArrayList<>();
        for (Violation v : validators.violations(validators.metaSchema(), root)) {
            problems.add(at(schema, v.path()) + v.path() + ": " + v.message());
        }
        if (problems.isEmpty()) {
            problems.addAll(new SchemaConventions(schema).problems());
        }
        if (problems.isEmpty()) {
            problems.addAll(new DefaultsChecker(schema, validators).problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return schema;
    }

    static String at(ValuesSchema schema, String schemaPath) {
        int line = schema.lines().lineOf(schemaPath);
        return schema.file() + (line > 0 ? ":" + line : "") + ": ";
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read schema " + file + ": " + e.getMessage());
        }
    }
}
