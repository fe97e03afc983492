package org.redischart.chartgen.sizing;

/** A named size: what Redis requires, and the resources the default α derives from it. */
public record Preset(String name, Figures required, Resources resources) {
}
