package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.schema.SchemaLoader;
import org.redischart.chartgen.schema.ValuesSchema;
import org.redischart.chartgen.testing.RepoLayout;

class PresetSchemaAgreementTest {
    private final ValuesSchema schema = new SchemaLoader().load(RepoLayout.schema().resolve("values.schema.yaml"));

    @Test
    void theCommittedSchemaAgreesWithThePresetTable() {
        new PresetSchemaAgreement().check(PresetTableTest.schemaTable(), schema);
    }

    @Test
    void theSchemaValidatesQuantitiesWithJavasRegexes() {
        assertThat(schema.root().at("/$defs/memoryQuantity/pattern").asText()).isEqualTo(MemoryQuantity.SYNTAX);
        assertThat(schema.root().at("/$defs/cpuQuantity/pattern").asText()).isEqualTo(CpuQuantity.SYNTAX);
        assertThat(schema.root().at("/$defs/alpha/pattern").asText()).isEqualTo(Alpha.SYNTAX);
    }

    @Test
    void driftBetweenSchemaAndTableIsReportedPerKeyword() {
        ObjectNode root = schema.root().deepCopy();
        ObjectNode resources = (ObjectNode) root.at("/properties/resources/properties");
        ((ObjectNode) resources.get("preset")).put("default", "tiny");
        ((ObjectNode) resources.get("alpha")).put("default", 0.4);
        ValuesSchema drifted = new ValuesSchema(Path.of("schema/values.schema.yaml"), root, schema.lines());

        assertThatThrownBy(() -> new PresetSchemaAgreement().check(PresetTableTest.schemaTable(), drifted))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).containsExactly(
                        "schema/values.schema.yaml: .properties.resources.properties.preset.default: "
                                + "expected \"micro\" as in the preset table, found \"tiny\"",
                        "schema/values.schema.yaml: .properties.resources.properties.alpha.default: "
                                + "expected 0.5 as in the preset table, found 0.4"));
    }
}
