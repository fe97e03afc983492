package org.redischart.chartgen.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads YAML (and so JSON) files into Jackson trees as Helm reads values: aliases expanded,
 * merge keys applied. Resources are bounded, so a hostile values file (alias bomb, deep
 * nesting, huge document or string) fails fast with a message naming the limit instead of
 * exhausting memory or time.
 */
public final class YamlReader {
    /** Largest file accepted, in bytes. */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** Most aliases a document may use for collections. */
    public static final int MAX_ALIASES = 50;
    /** Deepest nesting of mappings and sequences, after aliases are expanded. */
    public static final int MAX_DEPTH = 64;
    /** Longest single string (or key), in characters. */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;
    /** Most values (scalars, mappings, sequences) a document may hold once aliases are expanded. */
    public static final int MAX_VALUES = 100_000;
    /**
     * Longest line, in characters: SnakeYAML's memory use grows with the square of a one-line
     * scalar's length, so long single-line values are refused before parsing (block scalars
     * {@code |} and {@code >} may hold up to {@link #MAX_STRING_LENGTH}).
     */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    private final LoaderOptions options;

    public YamlReader() {
        options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
    }

    /** Reads a file; an empty file reads as an empty mapping, as Helm treats it. */
    public JsonNode read(Path file) {
        return parse(file.toString(), readText(file), false).root();
    }

    /** Reads a file with the line and column of every value. */
    public YamlDocument readDocument(Path file) {
        return parse(file.toString(), readText(file), true);
    }

    /**
     * Reads bytes (a values file given on standard input) under the same limits as a file.
     *
     * @param name how messages name the source, e.g. {@code <stdin>}
     */
    public YamlDocument read(String name, byte[] bytes) {
        return read(name, bytes, true);
    }

    /** Reads bytes under the same limits as a file, into the values alone (no positions). */
    public JsonNode readTree(String name, byte[] bytes) {
        return read(name, bytes, false).root();
    }

    private YamlDocument read(String name, byte[] bytes, boolean withPositions) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidInputException(name + ": file is " + bytes.length + " bytes, expected at most "
                    + MAX_FILE_BYTES + " bytes");
        }
        try {
            return parse(name, decode(ByteBuffer.wrap(bytes)), withPositions);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name + ": expected UTF-8 text (or UTF-16 with a byte order mark), found invalid bytes");
        }
    }

    /**
     * One document; a document holding nothing ({@code ---}, {@code ~}) is an empty mapping, as in Helm.
     * A second document is refused although Helm would silently ignore it.
     */
    /** @param withPositions whether the document keeps where each value starts (else its positions are empty) */
    private YamlDocument parse(String file, String text, boolean withPositions) {
        checkLineLengths(file, text);
        Node root;
        try {
            // What Yaml.compose does, without building a Yaml (its constructor and representer
            // start java.util.logging on a cold start, and composing needs neither).
            root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new HelmResolver(), options)
                    .getSingleNode();
        } catch (YAMLException e) {
            throw new InvalidInputException(file + describe(e));
        }
        if (root == null || root instanceof ScalarNode scalar && scalar.getTag().equals(HelmResolver.PLAIN)
                && HelmScalars.resolve(scalar.getValue()).isNull()) {
            return new YamlDocument(file, JsonNodeFactory.instance.objectNode(), Map.of());
        }
        try {
            YamlTree tree = new YamlTree(options);
            JsonNode built = tree.build(root);
            Map<String, String> positions = new HashMap<>();
            if (withPositions) {
                tree.positions().forEach((path, mark) -> positions.put(path, (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)));
            }
            return new YamlDocument(file, built, positions);
        } catch (YamlTree.LimitException e) {
            throw new InvalidInputException(file + where(e.mark()) + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new InvalidInputException(file + describe(e));
        }
    }

    private static void checkLineLengths(String file, String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE_LENGTH) {
                    throw new InvalidInputException(file + ":" + line + ": line is " + (i - start)
                            + " characters, expected at most " + MAX_LINE_LENGTH + " (limit " + MAX_LINE_LENGTH
                            + "; write long values as block scalars, | or >)");
                }
                line++;
                start = i + 1;
            }
        }
    }

    private static String readText(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidInputException(file + ": file is " + size
                        + " bytes, expected at most " + MAX_FILE_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return decode(ByteBuffer.wrap(in.readAllBytes()));
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": expected UTF-8 text (or UTF-16 with a byte order mark), found invalid bytes");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String decode(ByteBuffer bytes) throws CharacterCodingException {
        Charset charset = charsetByBom(bytes);
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes)
                .toString();
    }

    /** UTF-8 unless a byte order mark says UTF-16, as YAML (and Helm) allow; the mark is skipped. */
    private static Charset charsetByBom(ByteBuffer bytes) {
        int b0 = bytes.remaining() > 0 ? bytes.get(0) & 0xff : -1;
        int b1 = bytes.remaining() > 1 ? bytes.get(1) & 0xff : -1;
        if (b0 == 0xfe && b1 == 0xff || b0 == 0xff && b1 == 0xfe) {
            return StandardCharsets.UTF_16;
        }
        if (b0 == 0xef && b1 == 0xbb && bytes.remaining() > 2 && (bytes.get(2) & 0xff) == 0xbf) {
            bytes.position(3);
        }
        return StandardCharsets.UTF_8;
    }

    /** SnakeYAML's limit messages rephrased to name the limit; other errors as "invalid YAML". */
    private static String describe(YAMLException e) {
        String reason = String.valueOf(e instanceof MarkedYAMLException marked ? marked.getProblem() : e.getMessage());
        reason = reason.lines().findFirst().orElse(reason).trim();
        Mark mark = e instanceof MarkedYAMLException marked ? marked.getProblemMark() : null;
        if (reason.startsWith("Number of aliases for non-scalar nodes exceeds")) {
            return where(mark) + ": document uses more than " + MAX_ALIASES + " aliases (limit " + MAX_ALIASES + ")";
        }
        if (reason.startsWith("Nesting Depth exceeded")) {
            return where(mark) + ": document nests deeper than " + MAX_DEPTH + " levels (limit " + MAX_DEPTH + ")";
        }
        if (reason.startsWith("The incoming YAML document exceeds the limit")) {
            return ": document is longer than " + MAX_FILE_BYTES + " characters (limit " + MAX_FILE_BYTES + ")";
        }
        return where(mark) + ": invalid YAML: " + reason;
    }

    private static String where(Mark mark) {
        return mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }
}
