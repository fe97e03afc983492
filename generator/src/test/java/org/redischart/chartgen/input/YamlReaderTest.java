package org.redischart.chartgen.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YamlReader reads values as Helm does and refuses hostile documents, naming the limit. */
class YamlReaderTest {
    private final YamlReader reader = new YamlReader();

    @TempDir
    Path work;

    @Test
    void aliasesAndMergeKeysAreExpandedAsHelmDoes() throws IOException {
        Path file = write("ok.yaml", """
                limits: &limits {cpu: 250m, memory: 256Mi}
                resources:
                  limits: *limits
                  requests:
                    <<: *limits
                    cpu: 125m
                """);

        assertThat(reader.read(file).toString()).isEqualTo("{\"limits\":{\"cpu\":\"250m\",\"memory\":\"256Mi\"},"
                + "\"resources\":{\"limits\":{\"cpu\":\"250m\",\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"125m\",\"memory\":\"256Mi\"}}}");
    }

    @Test
    void scalarsResolveToTypedValues() throws IOException {
        Path file = write("types.yaml", "a: 1\nb: true\nc: ~\nd: 1.5\ne: \"1\"\nf: 8.2.2\ng: 0x10\n");

        assertThat(reader.read(file).toString())
                .isEqualTo("{\"a\":1,\"b\":true,\"c\":null,\"d\":1.5,\"e\":\"1\",\"f\":\"8.2.2\",\"g\":16}");
    }

    @Test
    void anAliasBombIsRefusedNamingTheAliasLimit() throws IOException {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'j'; level++) {
            String prev = String.valueOf((char) (level - 1));
            bomb.append(level).append(": &").append(level).append(" [").append(("*" + prev + ", ").repeat(8))
                    .append("*").append(prev).append("]\n");
        }
        Path file = write("bomb.yaml", bomb.toString());

        assertRefused(file, file + ": document uses more than 50 aliases (limit 50)");
    }

    @Test
    void fewAliasesThatMultiplyAreRefusedNamingTheValueLimit() throws IOException {
        StringBuilder doubling = new StringBuilder("l0: &l0 [x, x]\n");
        for (int i = 1; i <= 24; i++) {
            doubling.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
        }
        Path file = write("doubling.yaml", doubling.toString());

        assertRefused(file, "document holds more than 100000 values once aliases are expanded (limit 100000)");
    }

    @Test
    void deepNestingIsRefusedNamingTheDepthLimit() throws IOException {
        Path file = write("deep.yaml", "x: " + "[".repeat(100) + "]".repeat(100) + "\n");

        assertRefused(file, file + ": document nests deeper than 64 levels (limit 64)");
    }

    @Test
    void aRecursiveAliasIsRefused() throws IOException {
        Path file = write("loop.yaml", "a: &a\n  b: *a\n");

        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("limit");
    }

    @Test
    void aHugeBlockStringIsRefusedNamingTheStringLimit() throws IOException {
        Path file = write("long.yaml", "auth:\n  password: |-\n" + ("    " + "a".repeat(1023) + "\n").repeat(1025));

        assertRefused(file, file + ":2:13: a string is 1049599 characters, expected at most 1048576 (limit 1048576)");
    }

    @Test
    void aHugeLineIsRefusedBeforeParsingNamingTheLineLimit() throws IOException {
        Path file = write("line.yaml", "auth:\n  password: \"" + "a".repeat(YamlReader.MAX_LINE_LENGTH) + "\"\n");

        assertRefused(file, file + ":2: line is 65550 characters, expected at most 65536 (limit 65536; "
                + "write long values as block scalars, | or >)");
    }

    @Test
    void utf16WithAByteOrderMarkIsReadAsHelmReadsIt() throws IOException {
        Path file = work.resolve("utf16.yaml");
        Files.write(file, "auth:\n  password: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));

        assertThat(reader.read(file).at("/auth/password").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void aFileHoldingOnlyADocumentMarkerIsAnEmptyMappingAsInHelm() throws IOException {
        assertThat(reader.read(write("dashes.yaml", "---\n")).toString()).isEqualTo("{}");
        assertThat(reader.read(write("tilde.yaml", "--- ~\n")).toString()).isEqualTo("{}");
    }

    @Test
    void specialFloatsAreRefusedWithTheirPositionAsHelmCannotReadThem() throws IOException {
        Path file = write("inf.yaml", "architecture: .inf\n");

        assertRefused(file, file + ":1:15: \".inf\" is YAML for +infinity, which Helm cannot read");
    }

    @Test
    void aSecondDocumentIsRefusedThoughHelmWouldSilentlyIgnoreIt() throws IOException {
        Path file = write("two.yaml", "auth:\n  enabled: true\n---\nauth:\n  enabled: false\n");

        assertRefused(file, file + ":3:1: invalid YAML: but found another document");
    }

    @Test
    void aFileAboveTheSizeLimitIsRefusedBeforeParsing() throws IOException {
        Path file = work.resolve("huge.yaml");
        Files.write(file, new byte[(int) YamlReader.MAX_FILE_BYTES + 1]);

        assertRefused(file, file + ": file is 4194305 bytes, expected at most 4194304 bytes");
    }

    @Test
    void duplicateKeysAreRefusedWithTheirLineThoughHelmWouldKeepTheLast() throws IOException {
        Path file = write("dup.yaml", "auth:\n  enabled: true\n  enabled: false\n");

        assertRefused(file, file + ":3:3: duplicate key \"enabled\"");
    }

    @Test
    void nonUtf8BytesAreRefused() throws IOException {
        Path file = work.resolve("latin1.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});

        assertRefused(file, file + ": expected UTF-8 text (or UTF-16 with a byte order mark), found invalid bytes");
    }

    @Test
    void languageSpecificTagsAreRefused() throws IOException {
        Path file = write("tag.yaml", "a: !!python/object:os.system x\n");

        assertRefused(file, file + ":1:4: invalid YAML: Global tag is not allowed");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text);
    }

    private void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }
}
