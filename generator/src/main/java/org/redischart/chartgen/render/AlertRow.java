package org.redischart.chartgen.render;

/** One README alert-table row, already escaped for Markdown. */
public record AlertRow(String name, String condition, String forDuration, String severity, String appliesTo, String runbook) {
}
