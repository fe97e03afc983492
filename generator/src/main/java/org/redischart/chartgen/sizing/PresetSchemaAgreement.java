package org.redischart.chartgen.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.schema.ValuesSchema;

/**
 * The values schema shows users the preset names, the default preset and the default α;
 * schema/presets.yaml defines them. This check keeps the two from drifting apart.
 */
public final class PresetSchemaAgreement {
    private static final String PRESET = "/properties/resources/properties/preset";
    private static final String PERCENT = "/properties/resources/properties/maxmemoryPercent";
    private static final String ALPHA = "/properties/resources/properties/alpha";

    /** @throws InvalidInputException naming each schema keyword that disagrees with the table */
    public void check(PresetTable table, ValuesSchema schema) {
        List<String> problems = new ArrayList<>();
        JsonNode names = schema.root().at(PRESET + "/enum");
        List<String> found = new ArrayList<>();
        names.forEach(n -> found.add(n.asText()));
        if (!found.equals(table.names())) {
            problems.add(at(schema, PRESET + "/enum") + "expected " + table.names() + " as in the preset table, found "
                    + found);
        }
        String defaultName = schema.root().at(PRESET + "/default").asText();
        if (!defaultName.equals(table.defaultName())) {
            problems.add(at(schema, PRESET + "/default") + "expected \"" + table.defaultName()
                    + "\" as in the preset table, found \"" + defaultName + "\"");
        }
        JsonNode alpha = schema.root().at(ALPHA + "/default");
        if (alpha.isMissingNode() || !sameAlpha(alpha, table.defaultAlpha())) {
            problems.add(at(schema, ALPHA + "/default") + "expected " + table.defaultAlpha()
                    + " as in the preset table, found " + (alpha.isMissingNode() ? "none" : alpha.toString()));
        }
        JsonNode percent = schema.root().at(PERCENT + "/default");
        if (percent.asInt(-1) != Headroom.DEFAULT_PERCENT || !percent.isIntegralNumber()) {
            problems.add(at(schema, PERCENT + "/default") + "expected " + Headroom.DEFAULT_PERCENT
                    + " as in the sizing model (Headroom), found " + (percent.isMissingNode() ? "none" : percent.toString()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static boolean sameAlpha(JsonNode value, Alpha expected) {
        try {
            return Alpha.parse("alpha", value.isNumber() ? value.decimalValue() : value.asText()).equals(expected);
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static String at(ValuesSchema schema, String pointer) {
        return schema.file() + ": " + pointer.replace('/', '.') + ": ";
    }
}
