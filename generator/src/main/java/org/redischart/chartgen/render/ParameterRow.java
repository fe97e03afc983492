package org.redischart.chartgen.render;

/** One row of the README's parameters table, with every cell already escaped for Markdown. */
public record ParameterRow(String name, String description, String type, String defaultValue) {
}
