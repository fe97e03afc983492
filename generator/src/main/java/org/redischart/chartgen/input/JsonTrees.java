package org.redischart.chartgen.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * Reads JSON into the same tree {@code StrictMappers.JSON.readTree} builds (ints as
 * {@code IntNode}, {@code LongNode} or {@code BigIntegerNode} by size, fractions as
 * {@code DoubleNode}, a key given twice refused, empty input a missing node, text after the
 * first value ignored) with Jackson's streaming parser alone: a cold {@code chartgen validate}
 * then never initialises Jackson's {@code ObjectMapper} (about 300 classes and the JDK's
 * calendar data). Its strings print as JSON without one too ({@link JsonText}): the schema
 * validator prints every string {@code enum} value while it compiles a schema.
 */
public final class JsonTrees {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** @throws IOException with Jackson's parser message when the text is not JSON */
    public static JsonNode read(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser, null);
        }
    }

    /** @throws IOException with Jackson's parser message when the text is not JSON */
    public static JsonNode read(String json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser, null);
        }
    }

    /**
     * JSON written from a values tree {@link YamlReader} read, back into the tree it read: every
     * number as Helm's float64 ({@code HelmScalars.number}), as YamlReader makes every number.
     */
    static JsonNode readValues(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser, HelmScalars::number);
        }
    }

    /** @param numbers how a number (as a double) becomes a node; null: by its JSON spelling, as Jackson does */
    private static JsonNode read(JsonParser parser, Function<Double, JsonNode> numbers) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return MissingNode.getInstance();
        }
        Deque<JsonNode> open = new ArrayDeque<>();
        JsonNode root = null;
        String field = null;
        while (token != null) {
            JsonNode value = null;
            switch (token) {
                case FIELD_NAME -> field = parser.currentName();
                case START_OBJECT -> value = NODES.objectNode();
                case START_ARRAY -> value = NODES.arrayNode();
                case END_OBJECT, END_ARRAY -> {
                    open.pop();
                    if (open.isEmpty()) {
                        return root;
                    }
                }
                case VALUE_STRING -> value = new JsonText(parser.getText());
                case VALUE_NUMBER_INT -> value = numbers != null ? numbers.apply(parser.getDoubleValue())
                        : switch (parser.getNumberType()) {
                            case INT -> NODES.numberNode(parser.getIntValue());
                            case LONG -> NODES.numberNode(parser.getLongValue());
                            default -> NODES.numberNode(parser.getBigIntegerValue());
                        };
                case VALUE_NUMBER_FLOAT -> value = numbers != null ? numbers.apply(parser.getDoubleValue())
                        : NODES.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> value = NODES.booleanNode(true);
                case VALUE_FALSE -> value = NODES.booleanNode(false);
                case VALUE_NULL -> value = NODES.nullNode();
                default -> throw new IOException("unexpected JSON token " + token);
            }
            if (value != null) {
                JsonNode parent = open.peek();
                if (parent == null) {
                    root = value;
                } else if (parent instanceof ObjectNode object) {
                    object.set(field, value);
                } else {
                    ((ArrayNode) parent).add(value);
                }
                if (value.isContainerNode()) {
                    open.push(value);
                } else if (parent == null) {
                    return root;
                }
            }
            token = parser.nextToken();
        }
        return root;
    }

    /**
     * A string node (equal to any {@link TextNode} of the same text) whose {@code toString} is its
     * JSON form, quoted and escaped as Jackson writes it, without the {@code ObjectMapper} Jackson's
     * own {@code toString} starts.
     */
    static final class JsonText extends TextNode {
        private static final long serialVersionUID = 1L;

        JsonText(String text) {
            super(text);
        }

        @Override
        public String toString() {
            StringBuilder json = new StringBuilder(_value.length() + 2);
            appendQuoted(json, _value);
            return json.toString();
        }
    }
}
