package org.redischart.chartgen.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a composed YAML node graph into a Jackson tree, expanding aliases and merge keys
 * ({@code <<}) as Helm does, while counting: expansion may multiply a small document, so the
 * number of values, the depth and each string's length are bounded.
 */
final class YamlTree {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Scalars scalars;
    private int values;

    YamlTree(LoaderOptions options) {
        this.scalars = new Scalars(options);
    }

    JsonNode build(Node root) {
        return build(root, 0);
    }

    private JsonNode build(Node node, int depth) {
        if (++values > YamlReader.MAX_VALUES) {
            throw new LimitException(node, "document holds more than " + YamlReader.MAX_VALUES
                    + " values once aliases are expanded (limit " + YamlReader.MAX_VALUES + ")");
        }
        if (depth > YamlReader.MAX_DEPTH) {
            throw new LimitException(node, "document nests deeper than " + YamlReader.MAX_DEPTH
                    + " levels once aliases are expanded (limit " + YamlReader.MAX_DEPTH + ")");
        }
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            fill(object, mapping, depth);
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            for (Node item : sequence.getValue()) {
                array.add(build(item, depth + 1));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    /** Explicit keys first; then merged mappings, which never replace an explicit key. */
    private void fill(ObjectNode object, MappingNode mapping, int depth) {
        List<Node> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (key.getTag().equals(Tag.MERGE)) {
                merged.add(tuple.getValueNode());
                continue;
            }
            if (!(key instanceof ScalarNode scalarKey)) {
                throw new LimitException(key, "expected a string key, found a " + key.getNodeId());
            }
            String name = checkedLength(scalarKey);
            if (object.has(name)) {
                throw new LimitException(key, "duplicate key \"" + name + "\"");
            }
            object.set(name, build(tuple.getValueNode(), depth + 1));
        }
        for (Node source : merged) {
            List<Node> sources = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
            for (Node each : sources) {
                if (!(each instanceof MappingNode eachMapping)) {
                    throw new LimitException(each, "expected a mapping to merge with <<, found a " + each.getNodeId());
                }
                ObjectNode from = JSON.objectNode();
                fill(from, eachMapping, depth);
                from.properties().forEach(e -> object.putIfAbsent(e.getKey(), e.getValue()));
            }
        }
    }

    private JsonNode scalar(ScalarNode node) {
        String text = checkedLength(node);
        Tag tag = node.getTag();
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP) || tag.equals(Tag.BINARY)) {
            return JSON.textNode(text);
        }
        Object value = scalars.construct(node);
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof BigInteger big) {
            return JSON.numberNode(big);
        }
        if (value instanceof Double d) {
            return JSON.numberNode(d);
        }
        return JSON.textNode(text);
    }

    private static String checkedLength(ScalarNode node) {
        String text = node.getValue();
        if (text.length() > YamlReader.MAX_STRING_LENGTH) {
            throw new LimitException(node, "a string is " + text.length() + " characters, expected at most "
                    + YamlReader.MAX_STRING_LENGTH + " (limit " + YamlReader.MAX_STRING_LENGTH + ")");
        }
        return text;
    }

    /** SnakeYAML's scalar resolution (YAML 1.1 booleans, ints in any base, floats, nulls). */
    private static final class Scalars extends SafeConstructor {
        Scalars(LoaderOptions options) {
            super(options);
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }

    /** A document beyond a limit, or shaped so it has no JSON form, at a position. */
    static final class LimitException extends RuntimeException {
        private final transient Mark mark;

        LimitException(Node node, String message) {
            super(message, null, false, false);
            this.mark = node.getStartMark();
        }

        Mark mark() {
            return mark;
        }
    }
}
