package org.redischart.chartgen.render;

import java.util.List;
import org.redischart.chartgen.model.Parameter;

/**
 * Writes the body of values.yaml: every parameter in schema order under its description
 * as a comment, with a blank line between top-level entries.
 */
final class ValuesYamlWriter {
    private final YamlText yaml = new YamlText();

    String write(List<Parameter> parameters) {
        StringBuilder out = new StringBuilder();
        for (Parameter p : parameters) {
            String indent = "  ".repeat(p.depth());
            if (p.depth() == 0 && !out.isEmpty()) {
                out.append('\n');
            }
            for (String line : p.description().split("\n")) {
                out.append(indent).append("# ").append(line.strip()).append('\n');
            }
            if (p.section()) {
                out.append(indent).append(p.key()).append(":\n");
            } else {
                out.append(yaml.entry(p.key(), p.defaultValue(), indent));
            }
        }
        return out.toString();
    }
}
