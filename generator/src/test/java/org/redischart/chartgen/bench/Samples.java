package org.redischart.chartgen.bench;

import java.util.ArrayList;
import java.util.List;

/** Measurements of one figure; order statistics only, so a few outliers on a busy box do not move them. */
record Samples(List<Double> values) {
    Samples {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        values = List.copyOf(values);
    }

    /** The middle value, or the mean of the two middle ones. */
    double median() {
        List<Double> sorted = sorted();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    double p90() {
        return percentile(90);
    }

    double p10() {
        return percentile(10);
    }

    int count() {
        return values.size();
    }

    /** Nearest-rank percentile: always one of the measured values. */
    double percentile(int p) {
        List<Double> sorted = sorted();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted;
    }

    /** Elapsed milliseconds since {@code startNanos}. */
    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
