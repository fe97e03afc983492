package org.redischart.chartgen.schema;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML (and so JSON) files into Jackson trees with bounded resources, so that a
 * hostile values file (alias bomb, deep nesting, huge document) fails fast with a message
 * that names the limit instead of exhausting memory.
 */
public final class YamlReader {
    /** Largest file accepted, in bytes. */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** Most aliases a document may use for collections. */
    public static final int MAX_ALIASES = 50;
    /** Deepest nesting of mappings and sequences. */
    public static final int MAX_DEPTH = 64;
    /** Longest single string value, in characters. */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;

    private final ObjectMapper mapper;

    public YamlReader() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setAllowDuplicateKeys(false);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /** Reads a file; an empty file reads as an empty mapping, as Helm treats it. */
    public JsonNode read(Path file) {
        String text = readText(file);
        try {
            JsonNode node = mapper.readTree(text);
            return node == null || node instanceof MissingNode ? mapper.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + describe(e));
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
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(in.readAllBytes()))
                        .toString();
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": expected UTF-8 text, found invalid bytes");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 1
                ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr();
        String reason = e.getOriginalMessage();
        if (reason != null) {
            reason = reason.lines().findFirst().orElse(reason).trim();
        }
        return where + ": invalid YAML: " + reason;
    }
}
