package org.redischart.chartgen.render;

import java.util.List;
import org.redischart.chartgen.sizing.Figures;
import org.redischart.chartgen.sizing.PresetTable;

/** Turns the computed preset table into README rows, the default preset marked. */
final class PresetTableRows {
    List<PresetRow> rows(PresetTable table) {
        return table.presets().stream()
                .map(p -> new PresetRow(
                        "`" + p.name() + "`" + (p.name().equals(table.defaultName()) ? " (default)" : ""),
                        figures(p.required()),
                        figures(p.resources().requests()),
                        figures(p.resources().limits()),
                        "`" + p.resources().redisMaxmemory() + "`"))
                .toList();
    }

    private static String figures(Figures figures) {
        return figures.cpu() + " / " + figures.memory();
    }
}
