package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies a mapping's rules to every value of an input, depth first: a value with a rule is
 * converted as a whole; an object without one is entered; any other value is reported. Empty
 * values ("", [], {}, null) mean unset in both charts and are skipped.
 */
public final class Migrator {
    static final String DEFAULT_MARK = " (bitnami default)";

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Predicate<String> targetExists;

    /** @param targetExists whether a dotted path is a value of the target chart (its values.schema.json) */
    public Migrator(List<Rule> rules, Predicate<String> targetExists) {
        rules.forEach(r -> this.rules.put(r.source(), r));
        this.targetExists = targetExists;
    }

    /** @param defaulted dotted paths of the input that came from the other chart's defaults */
    public Migration migrate(Input input, Set<String> defaulted) {
        Collector out = new Collector(targetExists);
        List<String> roles = ConfigRules.roles(input);
        // The primary role first, so its values win where the roles differ.
        List<String> order = new ArrayList<>();
        input.values().fieldNames().forEachRemaining(order::add);
        order.sort((a, b) -> Integer.compare(rank(a, roles), rank(b, roles)));
        for (String key : order) {
            walk(key, input.values().get(key), input, defaulted, out);
        }
        new PersistenceOff().apply(out);
        if (input.valkey()) {
            return valkey(input, out);
        }
        return new Migration(input.architecture(), out.values, out.notes, ClaimNames.of(input));
    }

    /** bitnami/valkey values: engine=valkey first, every source named as the file spells it. */
    private static Migration valkey(Input input, Collector out) {
        Map<String, Migration.Assigned> values = new LinkedHashMap<>();
        String from = input.at("image.repository").asText("").contains("valkey") ? "image.repository"
                : "the bitnami/valkey layout (primary, global.valkey)";
        values.put("engine", new Migration.Assigned(com.fasterxml.jackson.databind.node.TextNode.valueOf("valkey"),
                new ArrayList<>(List.of(from))));
        out.values.forEach((target, assigned) -> values.put(target, new Migration.Assigned(assigned.value(),
                new ArrayList<>(assigned.sources().stream().map(BitnamiValkey::spelled).toList()))));
        List<Migration.Note> notes = out.notes.stream()
                .map(n -> new Migration.Note(BitnamiValkey.spelled(n.source()), n.reason(), n.suggestion())).toList();
        return new Migration(input.architecture(), values, notes, ClaimNames.of(input));
    }

    private static int rank(String key, List<String> roles) {
        int i = roles.indexOf(key);
        return i < 0 ? ("commonConfiguration".equals(key) ? -1 : 10) : i;
    }

    private void walk(String path, JsonNode value, Input input, Set<String> defaulted, Collector out) {
        walk(path, value, input, defaulted, out, null);
    }

    /** {@code inherited}: the rule of the nearest enclosing value, for parts that have none of their own. */
    private void walk(String path, JsonNode value, Input input, Set<String> defaulted, Collector out, Rule inherited) {
        if (empty(value)) {
            return;
        }
        String source = defaulted.contains(path) ? path + DEFAULT_MARK : path;
        Rule rule = rules.get(path);
        boolean deeper = value.isObject() && rules.keySet().stream().anyMatch(s -> s.startsWith(path + "."));
        if (rule != null && !deeper || rule == null && !value.isObject() && inherited != null) {
            if (input.standalone() && path.startsWith("replica.")) {
                out.note(source, "bitnami ignores replica.* with architecture standalone", "leave it out");
                return;
            }
            for (Result result : (rule != null ? rule : inherited).convert().apply(value, input)) {
                out.add(source, result);
            }
            return;
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(path + "." + field.getKey(), field.getValue(), input, defaulted, out, rule != null ? rule : inherited);
            }
            return;
        }
        out.note(source, "not a bitnami/" + input.engine() + " value this migration knows",
                "remove it, or find its equivalent in the chart README's parameters");
    }

    private static boolean empty(JsonNode value) {
        return value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())
                || (value.isContainerNode() && value.isEmpty());
    }

    /** Gathers values and notes; a second, different value for a target is reported, not applied. */
    static final class Collector {
        final Map<String, Migration.Assigned> values = new LinkedHashMap<>();
        final List<Migration.Note> notes = new ArrayList<>();
        private final Predicate<String> targetExists;

        Collector(Predicate<String> targetExists) {
            this.targetExists = targetExists;
        }

        void add(String ruleSource, Result result) {
            if (result instanceof Result.Missing missing) {
                note(missing.source() == null ? ruleSource : missing.source(), missing.reason(), missing.suggestion());
                return;
            }
            Result.Set set = (Result.Set) result;
            String source = set.source() == null ? ruleSource : set.source()
                    + (ruleSource.endsWith(DEFAULT_MARK) && set.source().startsWith("commonConfiguration") ? DEFAULT_MARK : "");
            if (!targetExists.test(set.target())) {
                note(source, "no equivalent in this chart version yet", "it will be `" + set.target() + "`");
                return;
            }
            Migration.Assigned earlier = values.get(set.target());
            if (earlier == null) {
                values.put(set.target(), new Migration.Assigned(set.value(), new ArrayList<>(List.of(source))));
            } else if (earlier.value().equals(set.value())) {
                if (!earlier.sources().contains(source)) {
                    earlier.sources().add(source);
                }
            } else if (set.value().isArray() && earlier.value().isArray() && set.target().endsWith("extraEnvFrom")) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) earlier.value()).addAll(
                        (com.fasterxml.jackson.databind.node.ArrayNode) set.value());
                earlier.sources().add(source);
            } else {
                note(source, "differs from " + String.join(", ", earlier.sources()) + ", which this chart uses for every "
                        + "Redis pod (" + set.target() + " = " + earlier.value() + ")", "make them equal, or accept the first");
            }
        }

        void note(String source, String reason, String suggestion) {
            notes.add(new Migration.Note(source, reason, suggestion));
        }
    }
}
