package org.redischart.chartgen.model;

/** One entry of a chart version's change list, e.g. {@code added: Sentinel mode}. */
public record Change(ChangeKind kind, String description) {
}
