package org.redischart.chartgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.redischart.chartgen.schema.RuleBook;

/** The rules and directive facts a generated chart carries in its {@code templates/_validate.tpl}. */
public final class ChartRules {
    private ChartRules() {
    }

    public static RuleBook of(Path chart) {
        Path file = chart.resolve("templates/_validate.tpl");
        try {
            return RuleBook.fromChart(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
