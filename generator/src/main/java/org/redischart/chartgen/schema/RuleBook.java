package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.JsonTrees;

/**
 * The cross-field rules declared in {@code schema/rules.yaml}, the one place each lives: read
 * from the source by the generator (which compiles them into the chart and embeds their
 * source there) and from the chart by {@code chartgen validate}, which evaluates them.
 */
public final class RuleBook implements ValuesRule {
    /** The line of the chart's {@code _validate.tpl} that carries the rules as JSON. */
    public static final String EMBEDDED = "{{/* chartgen rules: ";
    private static final List<String> KINDS = List.of("contradiction", "guarantee");
    private static final List<String> COMPARISONS = List.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final List<String> ARITHMETIC = List.of("add", "sub", "mul", "div");
    private static final List<String> FORMS = List.of("not", "all", "any", "is", "changed", "eq", "ne", "gt", "ge", "lt", "le");

    private final String name;
    private final JsonNode source;
    private final List<DeclaredRule> rules;

    /**
     * @param name how messages name the rules' file
     * @param source the file's tree: {@code conditions} (named conditions) and {@code rules}
     */
    public RuleBook(String name, JsonNode source) {
        this.name = name;
        this.source = source;
        this.rules = new Parser(name, source.path("conditions"), source.path("let"), source.path("defaults")).rules(source.path("rules"));
    }

    /** The rules a chart carries in {@code templates/_validate.tpl}; none when it carries none. */
    public static RuleBook fromChart(String validateTplName, String validateTpl) {
        int start = validateTpl.indexOf(EMBEDDED);
        if (start < 0) {
            return new RuleBook(validateTplName, JsonNodeFactory.instance.objectNode());
        }
        int end = validateTpl.indexOf(" */}}", start);
        try {
            return new RuleBook(validateTplName, JsonTrees.read(validateTpl.substring(start + EMBEDDED.length(), end)));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(validateTplName + ": cannot read the chart's rules: " + e.getMessage());
        }
    }

    public List<DeclaredRule> rules() {
        return rules;
    }

    /** These rules with the schema's directive annotations, which the chart then carries with them. */
    public RuleBook withDirectives(Directives directives) {
        ObjectNode copy = source.isObject() ? ((ObjectNode) source).deepCopy() : JsonNodeFactory.instance.objectNode();
        copy.set("directives", directives.toJson());
        return new RuleBook(name, copy);
    }

    /**
     * These rules with the chart's default of each value a {@code changed} condition names, under
     * {@code defaults} by path, which the chart then carries with them.
     */
    public RuleBook withDefaults(JsonNode chartDefaults) {
        ObjectNode copy = source.isObject() ? ((ObjectNode) source).deepCopy() : JsonNodeFactory.instance.objectNode();
        ObjectNode defaults = copy.putObject("defaults");
        // The values named once each rule's each is expanded: {changed: .image.{part}} names .image.tag.
        Parser parser = new Parser(name, source.path("conditions"), source.path("let"), source.path("defaults"));
        List<JsonNode> named = new ArrayList<>();
        for (int i = 0; i < source.path("rules").size(); i++) {
            for (JsonNode rule : parser.expanded(source.path("rules").get(i), "rules[" + i + "]")) {
                named.addAll(rule.findValues("changed"));
            }
        }
        named.addAll(source.path("conditions").findValues("changed"));
        for (JsonNode path : named) {
            JsonNode value = path.isTextual() ? chartDefaults.at(path.asText().replace('.', '/')) : null;
            if (value != null && !value.isMissingNode()) {
                defaults.set(path.asText(), value);
            }
        }
        return new RuleBook(name, copy);
    }

    /** Which value sets which directive (none when neither the source nor the chart says). */
    public Directives directives() {
        return Directives.fromJson(source.path("directives"));
    }

    /**
     * Every redis.conf directive the chart owns, old spellings included, with what to do instead
     * of setting it in redis.extraConfig: those of {@code chartOwned}, which no value sets, and
     * each annotated value's ("use redis.timeout instead").
     */
    public SortedMap<String, String> ownedDirectives() {
        Map<String, String> owned = new LinkedHashMap<>();
        source.path("chartOwned").properties().forEach(e -> owned.put(e.getKey(), e.getValue().asText()));
        directives().redis().forEach((directive, value) -> owned.put(directive, "use " + value + " instead"));
        return new TreeMap<>(Directives.withAliases(owned));
    }

    /**
     * The redis.conf directives only one engine reads, by that engine ({@code engineOnly}), each
     * with what it is: redis.extraConfig may not set them with the other engine.
     */
    public SortedMap<String, SortedMap<String, String>> engineOnlyDirectives() {
        SortedMap<String, SortedMap<String, String>> only = new TreeMap<>();
        source.path("engineOnly").properties().forEach(engine -> {
            SortedMap<String, String> directives = new TreeMap<>();
            engine.getValue().properties().forEach(e -> directives.put(e.getKey(), e.getValue().asText()));
            only.put(engine.getKey(), directives);
        });
        return only;
    }

    /** The comment line that carries the rules into the chart, for {@link #fromChart}. */
    public String embedded() {
        return EMBEDDED + source.toString().replace("*/", "*\\u002f") + " */}}";
    }

    @Override
    public List<Violation> check(JsonNode values) {
        return rules.stream().map(rule -> rule.check(values)).filter(Objects::nonNull).toList();
    }

    /** Reads rules and conditions, naming the place of anything it cannot read. */
    private static final class Parser {
        private final String name;
        private final JsonNode named;
        private final JsonNode lets;
        private final JsonNode defaults;
        /** Whether this reads a {@code where}, whose paths name fields of the item ({@code @.name}). */
        private final boolean inItem;

        Parser(String name, JsonNode named, JsonNode lets, JsonNode defaults) {
            this(name, named, lets, defaults, false);
        }

        private Parser(String name, JsonNode named, JsonNode lets, JsonNode defaults, boolean inItem) {
            this.name = name;
            this.named = named;
            this.lets = lets;
            this.defaults = defaults;
            this.inItem = inItem;
        }

        List<DeclaredRule> rules(JsonNode list) {
            List<DeclaredRule> rules = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                for (JsonNode rule : expanded(list.get(i), "rules[" + i + "]")) {
                    rules.add(rule(rule, "rules[" + i + "]"));
                }
            }
            return List.copyOf(rules);
        }

        /**
         * A rule with {@code each: {part: [a, b]}} is one rule per item, {part} replaced in every string;
         * with more names ({@code {part: [a, b], other: [x, y]}}) the i-th rule takes the i-th item of each.
         */
        private List<JsonNode> expanded(JsonNode rule, String at) {
            JsonNode each = rule.path("each");
            if (!each.isObject() || each.isEmpty()) {
                return List.of(rule);
            }
            int items = each.elements().next().size();
            each.properties().forEach(variable -> {
                if (!variable.getValue().isArray() || variable.getValue().size() != items) {
                    throw problem(at + ".each." + variable.getKey(), "expected a list of " + items + " items, found "
                            + variable.getValue());
                }
            });
            List<JsonNode> out = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                JsonNode copy = ((ObjectNode) rule).deepCopy().without("each");
                for (Map.Entry<String, JsonNode> variable : each.properties()) {
                    copy = replaced(copy, "{" + variable.getKey() + "}", variable.getValue().get(i).asText());
                }
                out.add(copy);
            }
            return out;
        }

        private static JsonNode replaced(JsonNode node, String variable, String value) {
            if (node.isTextual()) {
                return TextNode.valueOf(node.asText().replace(variable, value));
            }
            if (node instanceof ObjectNode object) {
                Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    field.setValue(replaced(field.getValue(), variable, value));
                }
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    array.set(i, replaced(array.get(i), variable, value));
                }
            }
            return node;
        }

        private DeclaredRule rule(JsonNode rule, String at) {
            String kind = rule.path("kind").asText("contradiction");
            if (!KINDS.contains(kind)) {
                throw problem(at + ".kind", "expected one of " + KINDS + ", found \"" + kind + "\"");
            }
            String blame = text(rule, "blame", at);
            if (!blame.matches("(\\.[A-Za-z][A-Za-z0-9]*)+")) {
                throw problem(at + ".blame", "expected a value path such as .auth.password, found \"" + blame + "\"");
            }
            return new DeclaredRule(kind, blame, condition(rule.path("when"), at + ".when"),
                    message(text(rule, "message", at), at + ".message"), rule.path("example").asText(""));
        }

        /** The message cut into text and the operands of its placeholders. */
        private List<Object> message(String text, String at) {
            List<Object> parts = new ArrayList<>();
            java.util.regex.Matcher m = DeclaredRule.PLACEHOLDER.matcher(text);
            int from = 0;
            while (m.find()) {
                parts.add(text.substring(from, m.start()));
                parts.add(operand(TextNode.valueOf(m.group(1)), at));
                from = m.end();
            }
            parts.add(text.substring(from));
            return List.copyOf(parts);
        }

        private String text(JsonNode rule, String field, String at) {
            if (!rule.path(field).isTextual() || rule.path(field).asText().isEmpty()) {
                throw problem(at + "." + field, "expected text, found " + rule.path(field));
            }
            return rule.path(field).asText();
        }

        Condition condition(JsonNode node, String at) {
            if (node.isTextual()) {
                String text = node.asText();
                return new Condition.Truthy(text.startsWith("$") ? operand(node, at) : inItem ? item(text, at) : path(text, at));
            }
            if (!node.isObject() || node.size() != 1 || !FORMS.contains(node.fieldNames().next())) {
                throw problem(at, "expected a value path or one of " + String.join(", ", FORMS) + ", found " + node);
            }
            Map.Entry<String, JsonNode> form = node.properties().iterator().next();
            String key = form.getKey();
            JsonNode arg = form.getValue();
            String inner = at + "." + key;
            switch (key) {
                case "not":
                    return new Condition.Not(condition(arg, inner));
                case "all":
                case "any": {
                    List<Condition> parts = new ArrayList<>();
                    for (int i = 0; i < arg.size(); i++) {
                        parts.add(condition(arg.get(i), inner + "[" + i + "]"));
                    }
                    return "all".equals(key) ? new Condition.All(parts) : new Condition.Any(parts);
                }
                case "changed": {
                    Operand.Path path = path(arg.asText(), inner);
                    return new Condition.Changed(path, defaults.path(path.jq()));
                }
                case "is": {
                    JsonNode definition = named.path(arg.asText());
                    if (definition.isMissingNode()) {
                        throw problem(inner, "expected a condition named under conditions, found \"" + arg.asText() + "\"");
                    }
                    return condition(definition, "conditions." + arg.asText());
                }
                default:
                    if (!arg.isArray() || arg.size() != 2) {
                        throw problem(inner, "expected two operands, found " + arg);
                    }
                    return new Condition.Compare(key, operand(arg.get(0), inner + "[0]"), operand(arg.get(1), inner + "[1]"));
            }
        }

        Operand operand(JsonNode node, String at) {
            if (node.isTextual() && (node.asText().startsWith(".") || node.asText().startsWith("@"))) {
                return inItem ? item(node.asText(), at) : path(node.asText(), at);
            }
            if (node.isTextual() && node.asText().startsWith("$")) {
                JsonNode definition = lets.path(node.asText().substring(1));
                if (definition.isMissingNode()) {
                    throw problem(at, "expected a figure named under let, found \"" + node.asText() + "\"");
                }
                return operand(definition, "let." + node.asText().substring(1));
            }
            if (node.isValueNode()) {
                return new Operand.Literal(node);
            }
            if (node.isObject() && node.has("first")) {
                return new Operand.First(path(node.path("first").asText(), at + ".first"),
                        new Parser(name, named, lets, defaults, true).condition(node.path("where"), at + ".where"),
                        key(node, at));
            }
            if (node.isObject() && node.has("duplicate")) {
                return new Operand.Duplicate(path(node.path("duplicate").asText(), at + ".duplicate"), key(node, at));
            }
            if (node.isObject() && node.size() == 1) {
                Map.Entry<String, JsonNode> form = node.properties().iterator().next();
                if ("millis".equals(form.getKey())) {
                    return new Operand.Millis(operand(form.getValue(), at + ".millis"));
                }
                if ("len".equals(form.getKey())) {
                    return new Operand.Length(operand(form.getValue(), at + ".len"));
                }
                if (ARITHMETIC.contains(form.getKey()) && form.getValue().size() == 2) {
                    return new Operand.Arithmetic(form.getKey(), operand(form.getValue().get(0), at + "." + form.getKey() + "[0]"),
                            operand(form.getValue().get(1), at + "." + form.getKey() + "[1]"));
                }
            }
            throw problem(at, "expected a value path, a literal, millis, len, first, duplicate or one of " + ARITHMETIC
                    + " over two operands, found " + node);
        }

        /** The {@code key} of a first or duplicate: a field name such as {@code name}. */
        private String key(JsonNode node, String at) {
            String key = node.path("key").asText("");
            if (!key.matches("[A-Za-z][A-Za-z0-9]*") || node.size() != (node.has("first") ? 3 : 2)) {
                throw problem(at, "expected {first: .list, where: condition, key: field} or {duplicate: .list, key: field}, found " + node);
            }
            return key;
        }

        private Operand.Path path(String jq, String at) {
            if (inItem) {
                throw problem(at, "inside where, expected an item path such as @.name, found \"" + jq + "\"");
            }
            try {
                return new Operand.Path(jq);
            } catch (IllegalArgumentException e) {
                throw problem(at, e.getMessage());
            }
        }

        private Operand.Item item(String jq, String at) {
            if (!jq.startsWith("@.")) {
                throw problem(at, "expected an item path such as @.name, found \"" + jq + "\"");
            }
            try {
                return new Operand.Item(new Operand.Path(jq.substring(1)));
            } catch (IllegalArgumentException e) {
                throw problem(at, e.getMessage());
            }
        }

        private InvalidInputException problem(String at, String message) {
            return new InvalidInputException(name + ": " + at + ": " + message);
        }
    }
}
