package org.redischart.chartgen.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.RepoLayout;

/** JsonTrees builds the tree Jackson's ObjectMapper builds, node types included, without one. */
class JsonTreesTest {
    @Test
    void theChartsSchemaReadsAsTheObjectMapperReadsIt() throws IOException {
        byte[] schema = Files.readAllBytes(RepoLayout.chart().resolve("values.schema.json"));

        assertThat(JsonTrees.read(schema)).isEqualTo(StrictMappers.JSON.readTree(schema));
    }

    @Test
    void numbersKeepTheNodeTypesJacksonGivesThem() throws IOException {
        String json = "{\"int\":1,\"long\":5000000000,\"big\":18446744073709551615,\"double\":1.5,\"whole\":2.0,"
                + "\"exp\":1e3,\"neg\":-7,\"list\":[1,\"a\",null,true,false,{\"x\":[]}]}";

        JsonNode read = JsonTrees.read(json);

        assertThat(read).isEqualTo(StrictMappers.JSON.readTree(json));
        assertThat(read.get("int").isInt()).isTrue();
        assertThat(read.get("long").isLong()).isTrue();
        assertThat(read.get("big").isBigInteger()).isTrue();
        assertThat(read.get("whole").isDouble()).isTrue();
    }

    @Test
    void aKeyGivenTwiceIsRefusedAndEmptyInputIsMissing() throws IOException {
        assertThatThrownBy(() -> JsonTrees.read("{\"a\":1,\"a\":2}")).isInstanceOf(IOException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> JsonTrees.read("{\"a\":")).isInstanceOf(IOException.class);
        assertThat(JsonTrees.read("").isMissingNode()).isTrue();
        assertThat(JsonTrees.read("\"text\" trailing")).isEqualTo(StrictMappers.JSON.readTree("\"text\" trailing"));
    }

    @Test
    void stringsPrintAsJacksonPrintsThem() throws IOException {
        for (String text : new String[] {"plain", "quote \" and \\ backslash", "tab\tnew\nline\r", "\u0001\u001f control",
                "ünïcödé ✓ 🚀", "</script>", ""}) {
            String json = new String(StrictMappers.JSON.writeValueAsBytes(text), StandardCharsets.UTF_8);

            JsonNode read = JsonTrees.read(json);

            assertThat(read).isInstanceOf(JsonTrees.JsonText.class).isEqualTo(new TextNode(text));
            assertThat(read.toString()).as(text).isEqualTo(new TextNode(text).toString());
        }
    }
}
