package org.redischart.chartgen.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.redischart.chartgen.schema.ValuesFileValidator;

/**
 * The values files the bench measures, read from a folder ({@code bench/<name>.yaml}), each
 * kept only if the chart's values.schema.json accepts it. A scenario for a feature the chart
 * does not have yet (an {@code architecture} the schema does not know) is skipped with a
 * note, so the bench picks it up by itself the day the chart accepts it.
 */
final class Scenarios {
    /** Rendered first: the figure with a target. */
    static final String DEFAULTS = "defaults";

    record Scenario(String name, Path valuesFile) {
    }

    private final Path chart;

    Scenarios(Path chart) {
        this.chart = chart;
    }

    /** The accepted scenarios of {@code folder} (not its subfolders); a note per refused one. */
    List<Scenario> accepted(Path folder, Table table) {
        List<Scenario> accepted = new ArrayList<>();
        for (Path file : valuesFiles(folder)) {
            String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            List<String> problems = new ValuesFileValidator().validate(List.of(file), chart);
            if (problems.isEmpty()) {
                accepted.add(new Scenario(name, file));
            } else {
                table.note("Skipped scenario `" + name + "`: the chart's values.schema.json refuses "
                        + chart.getParent().getParent().relativize(file) + " (" + shortened(problems.get(0), file)
                        + (problems.size() > 1 ? ", …" : "") + ").");
            }
        }
        return accepted;
    }

    /** "file: .architecture: unknown key; expected one of …" → ".architecture: unknown key". */
    private static String shortened(String problem, Path file) {
        String text = problem.replace(file + ": ", "");
        int cut = text.indexOf(';');
        return cut < 0 ? text : text.substring(0, cut);
    }

    private static List<Path> valuesFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
                    .sorted(Comparator.comparing((Path f) -> !f.getFileName().toString().equals(DEFAULTS + ".yaml"))
                            .thenComparing(f -> f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list bench scenarios in " + folder, e);
        }
    }
}
