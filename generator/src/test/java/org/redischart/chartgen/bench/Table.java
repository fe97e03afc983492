package org.redischart.chartgen.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table {@code make bench} prints, as Markdown so it pastes into the README as is,
 * followed by the notes (skipped scenarios, how the references were measured).
 */
final class Table {
    private static final List<String> HEADER = List.of(
            "figure", "n", "median", "tail", "target", "reference (median)", "ratio", "result", "detail");

    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A timed figure: the tail is the p90 (the slow side). */
    void time(String figure, Samples samples, Target target, String refName, Samples ref, String detail) {
        Double ratio = ref == null ? null : samples.median() / ref.median();
        String reference = ref == null ? "" : refName + " " + millis(ref.median());
        add(figure, samples.count(), millis(samples.median()), "p90 " + millis(samples.p90()),
                target, reference, ratio, samples.median(), detail);
    }

    /**
     * A throughput figure: the tail is the p10 (the slow side); the ratio is given by the
     * caller because it is the median of paired per-round ratios, not a ratio of medians.
     */
    void rate(String figure, Samples samples, Target target, String refName, Samples ref, Double ratio,
            String detail) {
        String reference = ref == null ? "" : refName + " " + perSecond(ref.median());
        add(figure, samples.count(), perSecond(samples.median()), "p10 " + perSecond(samples.p10()),
                target, reference, ratio, samples.median(), detail);
    }

    /** A figure that could not be measured; it misses its target if it had one. */
    void failed(String figure, Target target, String why) {
        rows.add(List.of(figure, "0", "—", "", target.describe(), "", "",
                target instanceof Target.None ? "" : "MISS", "failed: " + why));
    }

    /** A guarantee checked once (no samples): held, or a MISS, with the figures the scenario printed. */
    void outcome(String figure, String guarantee, boolean held, String detail) {
        rows.add(List.of(figure, "1", "—", "", guarantee, "", "", held ? "held" : "MISS", detail));
    }

    void note(String note) {
        notes.add(note);
    }

    private void add(String figure, int n, String median, String tail, Target target, String reference,
            Double ratio, double medianValue, String detail) {
        rows.add(List.of(figure, Integer.toString(n), median, tail, target.describe(), reference,
                ratio == null ? "" : String.format(Locale.ROOT, "%.2f×", ratio),
                target.verdict(medianValue, ratio), detail));
    }

    void print(PrintStream out) {
        int[] widths = new int[HEADER.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(HEADER, widths));
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        out.println(line(rule, widths));
        rows.forEach(row -> out.println(line(row, widths)));
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(note -> out.println("- " + note));
        }
        out.flush();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder("|");
        for (int i = 0; i < cells.size(); i++) {
            text.append(' ').append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length())).append(" |");
        }
        return text.toString();
    }

    static String millis(double millis) {
        return millis < 100
                ? String.format(Locale.ROOT, "%.1f ms", millis)
                : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%,.0f/s", rate);
    }
}
