package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value a declared rule reads: a value path ({@code .redis.port}), a literal, integer
 * arithmetic over two operands, a duration in milliseconds, the length of a value or a field of
 * one item of a list ({@code first}, {@code duplicate}). Evaluated here with Go
 * template semantics (a missing value is null; numbers compare as int64), so the chart's
 * compiled form ({@code render.RuleChecks}) agrees.
 */
public sealed interface Operand {
    /** The operand's value: a node for paths and literals, a number node for computed ones. */
    JsonNode value(JsonNode values);

    /** The value as int64, as sprig's {@code int64} reads it: missing, null and text that is no number read 0. */
    default long number(JsonNode values) {
        JsonNode node = value(values);
        if (node.isNumber()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return node.isBoolean() && node.asBoolean() ? 1 : 0;
    }

    /** Whether the operand yields a number (so {@code eq} compares numbers, not text). */
    default boolean numeric() {
        return false;
    }

    /** A value of the merged values, e.g. {@code .auth.password}. */
    record Path(String jq) implements Operand {
        public Path {
            if (!jq.matches("(\\.[A-Za-z][A-Za-z0-9]*)+")) {
                throw new IllegalArgumentException("expected a value path such as .auth.password, found \"" + jq + "\"");
            }
        }

        @Override
        public JsonNode value(JsonNode values) {
            return values.at(jq.replace('.', '/'));
        }

        /** The Go template expression, e.g. {@code .Values.auth.password}. */
        public String go() {
            return ".Values" + jq;
        }
    }

    /** A string, number, boolean or null written in the rule. */
    record Literal(JsonNode node) implements Operand {
        @Override
        public JsonNode value(JsonNode values) {
            return node;
        }

        @Override
        public boolean numeric() {
            return node.isNumber();
        }
    }

    /** {@code add}, {@code sub}, {@code mul} or {@code div} (integer, truncating) of two operands. */
    record Arithmetic(String op, Operand left, Operand right) implements Operand {
        @Override
        public JsonNode value(JsonNode values) {
            long a = left.number(values);
            long b = right.number(values);
            long result = switch (op) {
                case "add" -> a + b;
                case "sub" -> a - b;
                case "mul" -> a * b;
                case "div" -> b == 0 ? 0 : a / b;
                default -> throw new IllegalStateException(op);
            };
            return com.fasterxml.jackson.databind.node.LongNode.valueOf(result);
        }

        @Override
        public boolean numeric() {
            return true;
        }
    }

    /** A duration of the chart's form (1h2m3s4ms, 15s, 0) in milliseconds, as redis.durationMs; 0 when it is not one. */
    record Millis(Operand duration) implements Operand {
        private static final Pattern DURATION = Pattern.compile("^(0|(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$");

        @Override
        public JsonNode value(JsonNode values) {
            return com.fasterxml.jackson.databind.node.LongNode.valueOf(millis(Conditions.text(duration.value(values))));
        }

        @Override
        public boolean numeric() {
            return true;
        }

        static long millis(String duration) {
            Matcher m = DURATION.matcher(duration);
            if (!m.matches()) {
                return 0;
            }
            long[] factors = {3_600_000, 60_000, 1000, 1};
            int[] groups = {3, 5, 7, 9};
            long ms = 0;
            for (int i = 0; i < groups.length; i++) {
                if (m.group(groups[i]) != null) {
                    ms += Long.parseLong(m.group(groups[i])) * factors[i];
                }
            }
            return ms;
        }
    }

    /** The items of a list or map, or the UTF-8 bytes of a text, as Go's {@code len}; 0 for null or a missing value. */
    record Length(Operand of) implements Operand {
        @Override
        public JsonNode value(JsonNode values) {
            JsonNode node = of.value(values);
            long length = node.isTextual() ? node.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    : node.isContainerNode() ? node.size() : 0;
            return com.fasterxml.jackson.databind.node.LongNode.valueOf(length);
        }

        @Override
        public boolean numeric() {
            return true;
        }
    }

    /** {@code @.password} inside a {@code where}: a field of the list item tested, which is the node it reads. */
    record Item(Path field) implements Operand {
        @Override
        public JsonNode value(JsonNode item) {
            return field.value(item);
        }
    }

    /** {@code {first: .a.list, where: C, key: name}}: the key of the first item C holds for, "" when none does. */
    record First(Path list, Condition where, String key) implements Operand {
        @Override
        public JsonNode value(JsonNode values) {
            for (JsonNode item : list.value(values)) {
                if (where.holds(item)) {
                    return item.path(key);
                }
            }
            return com.fasterxml.jackson.databind.node.TextNode.valueOf("");
        }
    }

    /** {@code {duplicate: .a.list, key: name}}: the key of the first item whose key (as text) an earlier item has, "" when none. */
    record Duplicate(Path list, String key) implements Operand {
        @Override
        public JsonNode value(JsonNode values) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (JsonNode item : list.value(values)) {
                if (!seen.add(Conditions.text(item.path(key)))) {
                    return item.path(key);
                }
            }
            return com.fasterxml.jackson.databind.node.TextNode.valueOf("");
        }
    }
}
