package org.redischart.chartgen.model;

import java.util.List;

/**
 * The chart's alert set and dashboard panels, read from {@code schema/alerts.yaml}: the one
 * place they are written. The chart carries {@link #source()} as {@code files/alerts.yaml}.
 *
 * @param alerts the alerts in file order (the order of the PrometheusRule and the README table)
 * @param panels the dashboard panels in file order
 * @param source the file's text, copied into the chart unchanged
 */
public record AlertCatalog(List<Alert> alerts, List<Panel> panels, String source) {
    public AlertCatalog {
        alerts = List.copyOf(alerts);
        panels = List.copyOf(panels);
    }

    /** One alert: its PromQL with placeholders, the README condition, the Prometheus annotations and where it applies. */
    public record Alert(String name, String expr, String condition, String summary, String description, String runbook,
            When when) {
        public boolean usesThreshold() {
            return expr.contains("$threshold");
        }
    }

    /** Where an alert applies; an empty list or null means "any". */
    public record When(List<String> architectures, List<String> profiles, Boolean persistence, Boolean appendonly) {
        public When {
            architectures = List.copyOf(architectures);
            profiles = List.copyOf(profiles);
        }

        /** "replication, sentinel; profiles session, stream; with AOF" or "always". */
        public String describe() {
            List<String> parts = new java.util.ArrayList<>();
            if (!architectures.isEmpty()) {
                parts.add(String.join(", ", architectures));
            }
            if (!profiles.isEmpty()) {
                parts.add("profile " + String.join(", ", profiles));
            }
            if (Boolean.TRUE.equals(persistence)) {
                parts.add("persistence on");
            }
            if (Boolean.TRUE.equals(appendonly)) {
                parts.add("AOF on");
            }
            return parts.isEmpty() ? "always" : String.join("; ", parts);
        }
    }

    /** One dashboard panel. */
    public record Panel(String title, String expr, String unit) {
    }
}
