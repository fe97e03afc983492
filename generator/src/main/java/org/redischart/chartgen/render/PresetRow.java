package org.redischart.chartgen.render;

/** One row of the README's preset table: what Redis requires and what the margin model makes of it. */
public record PresetRow(String name, String required, String requests, String limits, String maxmemory) {
}
