package org.redischart.chartgen.render;

import java.util.List;
import org.redischart.chartgen.model.Parameter;

/** Turns the parameter catalogue into README table rows (values only, not sections). */
final class ParameterTable {
    private final YamlText yaml = new YamlText();

    List<ParameterRow> rows(List<Parameter> parameters) {
        return parameters.stream()
                .filter(p -> !p.section())
                .map(p -> new ParameterRow(
                        "`" + p.path() + "`",
                        escape(p.description()),
                        "`" + escape(p.type()) + "`",
                        "`" + escape(compact(p)) + "`"))
                .toList();
    }

    private String compact(Parameter p) {
        String text = yaml.inline(p.defaultValue());
        return text.isEmpty() || "''".equals(text) ? "\"\"" : text;
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
