package org.redischart.chartgen.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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

    private final LoaderOptions options;
    /** SnakeYAML's constructor, for explicitly tagged scalars only: built on first use (it starts java.util.logging). */
    private Scalars scalars;
    private final Map<String, Mark> positions = new HashMap<>();
    private int values;

    YamlTree(LoaderOptions options) {
        this.options = options;
    }

    JsonNode build(Node root) {
        return build(root, 0, "");
    }

    /** Where each value path (".a.b[0]") starts: the key of a mapping entry, the item of a sequence. */
    Map<String, Mark> positions() {
        return positions;
    }

    private JsonNode build(Node node, int depth, String path) {
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
            fill(object, mapping, depth, path);
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            for (Node item : sequence.getValue()) {
                String at = path + "[" + array.size() + "]";
                positions.putIfAbsent(at, item.getStartMark());
                array.add(build(item, depth + 1, at));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    /** Explicit keys first; then merged mappings, which never replace an explicit key. */
    private void fill(ObjectNode object, MappingNode mapping, int depth, String path) {
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
            String name = keyName(scalarKey);
            if (object.has(name)) {
                // Helm would keep the last silently; a duplicate is almost always a mistake.
                throw new LimitException(key, "duplicate key \"" + name + "\"");
            }
            positions.putIfAbsent(path + "." + name, key.getStartMark());
            object.set(name, build(tuple.getValueNode(), depth + 1, path + "." + name));
        }
        for (Node source : merged) {
            List<Node> sources = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
            for (Node each : sources) {
                if (!(each instanceof MappingNode eachMapping)) {
                    throw new LimitException(each, "expected a mapping to merge with <<, found a " + each.getNodeId());
                }
                ObjectNode from = JSON.objectNode();
                fill(from, eachMapping, depth, path);
                from.properties().forEach(e -> object.putIfAbsent(e.getKey(), e.getValue()));
            }
        }
    }

    private String keyName(ScalarNode key) {
        String text = checkedLength(key);
        if (!key.getTag().equals(HelmResolver.PLAIN)) {
            return text;
        }
        try {
            return HelmScalars.keyText(text);
        } catch (HelmScalars.Unreadable e) {
            throw new LimitException(key, e.getMessage());
        }
    }

    private JsonNode scalar(ScalarNode node) {
        String text = checkedLength(node);
        Tag tag = node.getTag();
        if (tag.equals(HelmResolver.PLAIN)) {
            try {
                return HelmScalars.resolve(text);
            } catch (HelmScalars.Unreadable e) {
                throw new LimitException(node, e.getMessage());
            }
        }
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
            return JSON.textNode(text);
        }
        if (tag.equals(Tag.BINARY)) {
            try {
                return JSON.textNode(new String(java.util.Base64.getMimeDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new LimitException(node, "expected base64 after !!binary, found \"" + text + "\"");
            }
        }
        if (scalars == null) {
            scalars = new Scalars(options);
        }
        Object value = scalars.construct(node);
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Number n) {
            double d = n instanceof BigInteger big ? big.doubleValue() : n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new LimitException(node, "\"" + text + "\" is not a finite number, which Helm cannot read (it has no JSON form)");
            }
            return HelmScalars.number(d);
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
