package org.redischart.chartgen.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.migrate.Rule;
import org.redischart.chartgen.migrate.SchemaPaths;

/**
 * The README's "Coming from bitnami/redis" table, from the same rules {@code chartgen migrate}
 * applies: one row per bitnami value, master and replica rows that map alike folded into one.
 */
public final class MigrationTableRows {
    /** One table row, already escaped for Markdown. */
    public record Row(String source, String target, String how) {
    }

    public List<Row> rows(List<Rule> rules, SchemaPaths schema) {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        Map<String, Rule> first = new LinkedHashMap<>();
        for (Rule rule : rules) {
            String generic = rule.source().replaceFirst("^(master|replica)\\.", "");
            String key = (rule.source().equals(generic) ? rule.source() : "role." + generic) + "|" + rule.target() + "|"
                    + rule.how().replace("master", "ROLE").replace("replica", "ROLE");
            sources.computeIfAbsent(key, k -> new ArrayList<>()).add(rule.source());
            first.putIfAbsent(key, rule);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Rule> e : first.entrySet()) {
            Rule rule = e.getValue();
            List<String> names = sources.get(e.getKey());
            String source = names.size() == 2 ? "`" + names.get(0).replaceFirst("^master\\.", "{master,replica}.") + "`"
                    : "`" + names.get(0) + "`";
            rows.add(new Row(source, target(rule, schema), escape(rule.how())));
        }
        return rows;
    }

    private static String target(Rule rule, SchemaPaths schema) {
        if (rule.target() == null) {
            return "—";
        }
        if (rule.target().endsWith(".*") || schema.has(rule.target())) {
            return "`" + rule.target() + "`";
        }
        return "`" + rule.target() + "` (not in this chart version yet: reported)";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
