package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which value sets which configuration directive, as the schema says once with
 * {@code x-redis-directive} (a redis.conf line) and {@code x-sentinel-directive} (a sentinel.conf
 * setting, named as {@code SENTINEL MASTER} reports it). The extraConfig guard, migrate's
 * mapping of redis.conf lines and the real-Redis read-back all derive from it.
 *
 * @param redis redis.conf directive → dotted value path ({@code maxmemory-policy → redis.maxmemoryPolicy})
 * @param sentinel Sentinel setting → dotted value path
 */
public record Directives(Map<String, String> redis, Map<String, String> sentinel) {
    public static final String REDIS = "x-redis-directive";
    public static final String SENTINEL = "x-sentinel-directive";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public Directives {
        redis = Collections.unmodifiableMap(new LinkedHashMap<>(redis));
        sentinel = Collections.unmodifiableMap(new LinkedHashMap<>(sentinel));
    }

    /** The annotations of a loaded schema, in document order. */
    public static Directives annotatedIn(JsonNode schema) {
        Map<String, String> redis = new LinkedHashMap<>();
        Map<String, String> sentinel = new LinkedHashMap<>();
        new SchemaWalker().walk(schema, (node, schemaPath, valuePath) -> {
            if (node.has(REDIS)) {
                redis.put(node.get(REDIS).asText(), valuePath.substring(1));
            }
            if (node.has(SENTINEL)) {
                sentinel.put(node.get(SENTINEL).asText(), valuePath.substring(1));
            }
        });
        return new Directives(redis, sentinel);
    }

    /** What is wrong with the schema's annotations, each message naming the line and the value. */
    static List<String> problems(ValuesSchema schema) {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        new SchemaWalker().walk(schema.root(), (node, schemaPath, valuePath) -> {
            for (String keyword : List.of(REDIS, SENTINEL)) {
                JsonNode name = node.get(keyword);
                if (name == null) {
                    continue;
                }
                String at = SchemaLoader.at(schema, schemaPath) + valuePath + ": " + keyword;
                if (!schemaPath.matches("(\\.properties\\.[^.]+)+")) {
                    problems.add(at + ": expected on a value under properties, found it at " + schemaPath);
                } else if (!name.isTextual() || !NAME.matcher(name.asText()).matches()) {
                    problems.add(at + ": expected a directive name in lower case (maxmemory-policy), found " + name);
                } else {
                    String earlier = seen.putIfAbsent(keyword + " " + name.asText(), valuePath);
                    if (earlier != null) {
                        problems.add(at + ": " + name.asText() + " is named by " + earlier + " already; one value sets a directive");
                    }
                }
            }
        });
        return problems;
    }

    /** The form the chart carries in its rules line, for {@link #fromJson}. */
    public JsonNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        redis.forEach(out.putObject("redis")::put);
        sentinel.forEach(out.putObject("sentinel")::put);
        return out;
    }

    public static Directives fromJson(JsonNode node) {
        Map<String, String> redis = new LinkedHashMap<>();
        Map<String, String> sentinel = new LinkedHashMap<>();
        node.path("redis").properties().forEach(e -> redis.put(e.getKey(), e.getValue().asText()));
        node.path("sentinel").properties().forEach(e -> sentinel.put(e.getKey(), e.getValue().asText()));
        return new Directives(redis, sentinel);
    }

    /**
     * The redis.conf directives with the names Redis still reads for them: Redis 5 renamed every
     * {@code slave} directive to {@code replica} and keeps the old name as an alias.
     */
    public Map<String, String> redisWithAliases() {
        return withAliases(redis);
    }

    /**
     * {@code names} with the old {@code slave} spelling of each {@code replica} directive added
     * after it, and Valkey's {@code primary} spelling of each {@code master} one (primaryauth is
     * masterauth to valkey-server).
     */
    public static <V> Map<String, V> withAliases(Map<String, V> names) {
        Map<String, V> out = new LinkedHashMap<>();
        names.forEach((name, value) -> {
            out.put(name, value);
            if (name.contains("replica")) {
                out.put(name.replace("replica", "slave"), value);
            }
            if (name.contains("master")) {
                out.put(name.replace("master", "primary"), value);
            }
        });
        return out;
    }
}
