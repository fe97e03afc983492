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

    double median() {
        return percentile(50);
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

    /** Nearest-rank percentile. */
    double percentile(int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Elapsed milliseconds since {@code startNanos}. */
    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
