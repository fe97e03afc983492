package org.redischart.chartgen.render;

import java.util.List;

/**
 * One group of the README's parameters: a title, its table rows (short descriptions) and the
 * full text of the descriptions that were too long for a table cell, as "details" below it.
 */
public record ParameterSection(String title, List<ParameterRow> rows, List<Detail> details) {
    /** A parameter's whole description, for below the table. */
    public record Detail(String name, String description) {
    }
}
