package org.redischart.chartgen.render;

import java.util.List;
import org.redischart.chartgen.model.Parameter;

/**
 * Turns parameters into README table rows (values only, not sections). A description too long
 * for a table cell keeps its first sentence in the row; the whole text goes below the table.
 */
final class ParameterTable {
    /** Longer descriptions make the table unreadable on a laptop screen. */
    static final int CELL = 160;
    private static final String MORE = " (more below the table)";
    private final YamlText yaml = new YamlText();

    List<ParameterRow> rows(List<Parameter> parameters) {
        return parameters.stream()
                .filter(p -> !p.section())
                .map(p -> new ParameterRow(
                        "`" + p.path() + "`",
                        escape(shortDescription(p.description())),
                        "`" + escape(p.type()) + "`",
                        "`" + escape(compact(p)) + "`"))
                .toList();
    }

    List<ParameterSection.Detail> details(List<Parameter> parameters) {
        return parameters.stream()
                .filter(p -> !p.section() && isLong(p.description()))
                .map(p -> new ParameterSection.Detail("`" + p.path() + "`", oneLine(p.description())))
                .toList();
    }

    static String shortDescription(String description) {
        String text = oneLine(description);
        if (!isLong(text)) {
            return text;
        }
        String first = text.split("(?<=[.;])\\s+(?=[A-Z`(])", 2)[0];
        if (first.length() > CELL) {
            first = first.substring(0, first.lastIndexOf(' ', CELL)) + " …";
        }
        return first + MORE;
    }

    private static boolean isLong(String description) {
        return oneLine(description).length() > CELL;
    }

    private static String oneLine(String text) {
        return text.replace("\n", " ").trim();
    }

    private String compact(Parameter p) {
        String text = yaml.inline(p.defaultValue());
        return text.isEmpty() || "''".equals(text) ? "\"\"" : text;
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
