package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.redischart.chartgen.schema.Directives;

/**
 * The redis.conf directives that have a value of their own in this chart (the schema's
 * {@code x-redis-directive}s, old spellings included), and how a line's arguments become that
 * value, by the value's type in the schema: a number, yes/no as a boolean, the enum member
 * spelled alike in any case, or the text.
 *
 * @param owned directive → its value
 */
public record ConfTargets(Map<String, Target> owned) {
    /** A directive's value and how its arguments become it. */
    public record Target(String value, Function<String, JsonNode> convert) {
    }

    public ConfTargets {
        owned = Collections.unmodifiableMap(new LinkedHashMap<>(owned));
    }

    public static ConfTargets of(Directives directives, SchemaPaths schema) {
        Map<String, Target> owned = new LinkedHashMap<>();
        directives.redisWithAliases().forEach((directive, value) ->
                owned.put(directive, new Target(value, converter(schema.node(value)))));
        return new ConfTargets(owned);
    }

    /** The directives, without old spellings, in schema order (for the README table). */
    List<String> names() {
        return owned.keySet().stream().filter(d -> !d.contains("slave")).toList();
    }

    private static Function<String, JsonNode> converter(JsonNode schema) {
        String type = schema.path("type").toString();
        if (type.contains("\"integer\"")) {
            return ConfTargets::integer;
        }
        if (type.contains("\"boolean\"")) {
            return a -> BooleanNode.valueOf("yes".equalsIgnoreCase(a));
        }
        JsonNode members = schema.path("enum");
        return a -> {
            for (JsonNode member : members) {
                if (member.isTextual() && member.asText().equalsIgnoreCase(a)) {
                    return member;
                }
            }
            return TextNode.valueOf(a);
        };
    }

    private static JsonNode integer(String text) {
        try {
            return IntNode.valueOf(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return TextNode.valueOf(text);
        }
    }
}
