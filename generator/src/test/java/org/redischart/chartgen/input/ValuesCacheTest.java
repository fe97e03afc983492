package org.redischart.chartgen.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.RepoLayout;

/** A values cache gives back exactly the tree YamlReader reads, and only for the bytes it was written from. */
class ValuesCacheTest {
    private final YamlReader reader = new YamlReader();

    @Test
    void theChartsValuesComeBackAsYamlReaderReadsThem() throws IOException {
        byte[] values = Files.readAllBytes(RepoLayout.chart().resolve("values.yaml"));

        byte[] cache = ValuesCache.write("values.yaml", values);

        assertThat(ValuesCache.read(cache, values)).isEqualTo(reader.read("values.yaml", values).root());
    }

    @Test
    void everyNumberSpellingKeepsItsNodeType() {
        byte[] values = """
                a: 1
                b: 1.0
                c: 1.5
                d: 0x1F
                e: 1e20
                f: 18446744073709551615
                g: -0.25
                h: 9007199254740993
                i: !!float 3
                j: [1, 2.5, "3", y, ~, 2001-12-14]
                k: {l: 0o17, m: .5}
                """.getBytes(StandardCharsets.UTF_8);

        assertThat(ValuesCache.read(ValuesCache.write("v.yaml", values), values))
                .isEqualTo(reader.read("v.yaml", values).root());
    }

    @Test
    void aCacheOfOtherBytesOrNotJsonIsNotUsed() {
        byte[] values = "a: 1\n".getBytes(StandardCharsets.UTF_8);
        byte[] cache = ValuesCache.write("v.yaml", values);

        assertThat(ValuesCache.read(cache, "a: 2\n".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(ValuesCache.read(cache, "a: 1 \n".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(ValuesCache.read("{not json".getBytes(StandardCharsets.UTF_8), values)).isNull();
        assertThat(ValuesCache.read(cache, values)).isNotNull();
    }
}
