package org.redischart.chartgen.bench;

import java.util.Locale;

/** What a figure must reach; judged on the median (or on the ratio of medians to the reference). */
sealed interface Target {
    String describe();

    /** PASS, MISS, or blank when the figure has no target. */
    String verdict(double median, Double ratio);

    static Target none() {
        return new None();
    }

    static Target atMostMillis(double millis) {
        return new AtMostMillis(millis);
    }

    static Target ratioAtMost(double factor) {
        return new RatioAtMost(factor);
    }

    static Target ratioAtLeast(double factor) {
        return new RatioAtLeast(factor);
    }

    private static String verdict(boolean met) {
        return met ? "PASS" : "MISS";
    }

    record None() implements Target {
        @Override
        public String describe() {
            return "";
        }

        @Override
        public String verdict(double median, Double ratio) {
            return "";
        }
    }

    record AtMostMillis(double millis) implements Target {
        @Override
        public String describe() {
            return "≤ " + Table.millis(millis);
        }

        @Override
        public String verdict(double median, Double ratio) {
            return Target.verdict(median <= millis);
        }
    }

    record RatioAtMost(double factor) implements Target {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "≤ %.2f× ref", factor);
        }

        @Override
        public String verdict(double median, Double ratio) {
            return ratio == null ? "MISS" : Target.verdict(ratio <= factor);
        }
    }

    record RatioAtLeast(double factor) implements Target {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "≥ %.2f× ref", factor);
        }

        @Override
        public String verdict(double median, Double ratio) {
            return ratio == null ? "MISS" : Target.verdict(ratio >= factor);
        }
    }
}
