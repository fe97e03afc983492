package org.redischart.chartgen.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.redischart.chartgen.schema.Condition;
import org.redischart.chartgen.schema.DeclaredRule;
import org.redischart.chartgen.schema.Operand;
import org.redischart.chartgen.schema.RuleBook;

/**
 * Compiles the declared rules into Go template: per rule, an {@code if} that appends
 * {@code "<blame>: <message>"} to {@code $problems}, to be placed in the define that fails with
 * that kind's heading. Each form has the meaning {@link Condition} gives it in Java.
 */
final class RuleChecks {
    private final JsonNode schema;

    /** @param schema the values schema (2020-12), which says which placeholders print as integers */
    RuleChecks(JsonNode schema) {
        this.schema = schema;
    }

    /**
     * The checks per kind ({@code contradiction}, {@code guarantee}), under {@code owned} a dict of
     * the directives redis.extraConfig may not set, under {@code engineOnly} a dict by engine of
     * the directives only that engine reads, and under {@code embedded} the rules' source line.
     */
    Map<String, String> compile(RuleBook book) {
        Map<String, String> out = new LinkedHashMap<>();
        List<DeclaredRule> rules = book.rules();
        for (String kind : List.of("contradiction", "guarantee")) {
            out.put(kind, rules.stream().filter(rule -> kind.equals(rule.kind()))
                    .map(rule -> new Check(rules.indexOf(rule)).of(rule)).collect(Collectors.joining()));
        }
        out.put("owned", book.ownedDirectives().entrySet().stream()
                .map(e -> "\n    " + quote(e.getKey()) + " " + quote(e.getValue())).collect(Collectors.joining("", "dict", "")));
        out.put("engineOnly", book.engineOnlyDirectives().entrySet().stream()
                .map(engine -> "\n    " + quote(engine.getKey()) + " (" + engine.getValue().entrySet().stream()
                        .map(e -> "\n      " + quote(e.getKey()) + " " + quote(e.getValue())).collect(Collectors.joining("", "dict", "")) + ")")
                .collect(Collectors.joining("", "dict", "")));
        out.put("embedded", book.embedded());
        return out;
    }

    /**
     * One rule's check. A first or duplicate needs a loop, which a Go template expression cannot
     * hold: each becomes a range before the {@code if} that leaves its result in a variable
     * ({@code $rule<index>_<n>}), so the define stays one template execution.
     */
    private final class Check {
        private final String prefix;
        private final Map<Operand, String> loops = new LinkedHashMap<>();
        private final StringBuilder before = new StringBuilder();

        Check(int index) {
            this.prefix = "$rule" + index + "_";
        }

        String of(DeclaredRule rule) {
            String condition = condition(rule.when());
            String message = message(rule);
            return before + "{{- if " + condition + " }}\n"
                    + "{{- $problems = append $problems " + message + " }}\n"
                    + "{{- end }}\n";
        }

        String condition(Condition c) {
            if (c instanceof Condition.Truthy truthy) {
                return raw(truthy.operand());
            }
            if (c instanceof Condition.Not not) {
                return "(not " + condition(not.condition()) + ")";
            }
            if (c instanceof Condition.All all) {
                return all.conditions().size() == 1 ? condition(all.conditions().get(0))
                        : "(and " + all.conditions().stream().map(this::condition).collect(Collectors.joining(" ")) + ")";
            }
            if (c instanceof Condition.Any any) {
                return any.conditions().size() == 1 ? condition(any.conditions().get(0))
                        : "(or " + any.conditions().stream().map(this::condition).collect(Collectors.joining(" ")) + ")";
            }
            if (c instanceof Condition.Changed changed) {
                // Helm's fromJson reads objects only: a scalar default is compared as its JSON text.
                String chartDefault = changed.chartDefault().isContainerNode()
                        ? "(toJson (fromJson " + quote(changed.chartDefault().toString()) + "))"
                        : quote(changed.chartDefault().toString());
                return "(ne (toJson " + changed.path().go() + ") " + chartDefault + ")";
            }
            Condition.Compare compare = (Condition.Compare) c;
            if (compare.nullTest() != null) {
                String test = "(kindIs \"invalid\" " + raw(compare.nullTest()) + ")";
                return "eq".equals(compare.op()) ? test : "(not " + test + ")";
            }
            if (compare.numeric()) {
                return "(" + compare.op() + " " + number(compare.left()) + " " + number(compare.right()) + ")";
            }
            return "(" + compare.op() + " " + text(compare.left()) + " " + text(compare.right()) + ")";
        }

        /** The operand as Go truth sees it. */
        private String raw(Operand o) {
            if (o instanceof Operand.Path path) {
                return path.go();
            }
            if (o instanceof Operand.Item item) {
                return "$item" + item.field().jq();
            }
            if (o instanceof Operand.Literal literal) {
                return literal.node().isTextual() ? quote(literal.node().asText()) : literal.node().toString();
            }
            if (o instanceof Operand.First || o instanceof Operand.Duplicate) {
                return loops.computeIfAbsent(o, this::loop);
            }
            return number(o);
        }

        /** The range that computes a first or duplicate into a new variable, whose name it returns. */
        private String loop(Operand o) {
            String result = prefix + loops.size();
            String found = result + "found";
            before.append("{{- ").append(result).append(" := \"\" }}\n{{- ").append(found).append(" := false }}\n");
            if (o instanceof Operand.First first) {
                String key = "$item." + first.key();
                before.append("{{- range $item := ").append(first.list().go()).append(" }}\n")
                        .append("{{- if and (not ").append(found).append(") ").append(condition(first.where())).append(" }}")
                        .append("{{ ").append(result).append(" = ").append(key).append(" }}{{ ").append(found).append(" = true }}{{ end }}\n");
            } else {
                Operand.Duplicate duplicate = (Operand.Duplicate) o;
                String key = "$item." + duplicate.key();
                String seen = result + "seen";
                before.append("{{- ").append(seen).append(" := dict }}\n")
                        .append("{{- range $item := ").append(duplicate.list().go()).append(" }}\n")
                        .append("{{- if and (not ").append(found).append(") (hasKey ").append(seen).append(" (toString ").append(key)
                        .append(")) }}{{ ").append(result).append(" = ").append(key).append(" }}{{ ").append(found).append(" = true }}{{ end }}\n")
                        .append("{{- $_ := set ").append(seen).append(" (toString ").append(key).append(") true }}\n");
            }
            before.append("{{- end }}\n");
            return result;
        }

        private String number(Operand o) {
            if (o instanceof Operand.Path || o instanceof Operand.Item || o instanceof Operand.First || o instanceof Operand.Duplicate) {
                return "(int64 " + raw(o) + ")";
            }
            if (o instanceof Operand.Literal literal) {
                return literal.node().isIntegralNumber() ? literal.node().asText() : "(int64 " + raw(o) + ")";
            }
            if (o instanceof Operand.Arithmetic arithmetic) {
                return "(" + arithmetic.op() + " " + number(arithmetic.left()) + " " + number(arithmetic.right()) + ")";
            }
            if (o instanceof Operand.Length length) {
                return "(len (" + raw(length.of()) + " | default list))";
            }
            Operand.Millis millis = (Operand.Millis) o;
            return "(include \"redis.durationMs\" " + raw(millis.duration()) + " | atoi)";
        }

        private String text(Operand o) {
            if (o instanceof Operand.Literal literal) {
                return quote(literal.node().isNull() ? "<nil>" : literal.node().asText());
            }
            return "(toString " + (o.numeric() ? number(o) : raw(o)) + ")";
        }

        private String message(DeclaredRule rule) {
            if (rule.message().size() == 1) {
                return quote(rule.blame() + ": " + rule.message().get(0));
            }
            StringBuilder format = new StringBuilder(rule.blame().replace("%", "%%") + ": ");
            StringBuilder args = new StringBuilder();
            for (Object part : rule.message()) {
                if (part instanceof Operand.Path path && integerAt(path.jq()) || part instanceof Operand operand && operand.numeric()) {
                    format.append("%d");
                    args.append(' ').append(number((Operand) part));
                } else if (part instanceof Operand operand) {
                    format.append("%v");
                    args.append(' ').append(raw(operand));
                } else {
                    format.append(part.toString().replace("%", "%%"));
                }
            }
            return "(printf " + quote(format.toString()) + args + ")";
        }
    }

    /** Whether the schema types the value at this path as an integer. */
    private boolean integerAt(String jq) {
        JsonNode node = schema;
        for (String segment : jq.substring(1).split("\\.")) {
            node = resolved(node).path("properties").path(segment);
        }
        JsonNode type = resolved(node).path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if ("integer".equals(t.asText())) {
                    return true;
                }
            }
        }
        return "integer".equals(type.asText());
    }

    private JsonNode resolved(JsonNode node) {
        return node.has("$ref") ? schema.at(node.get("$ref").asText().substring(1)) : node;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
