package org.redischart.chartgen.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redischart.chartgen.model.AlertCatalog;
import org.redischart.chartgen.model.AlertCatalogLoader;
import org.redischart.chartgen.testing.RepoLayout;

/** The chart's alert set as the generator reads it (schema/alerts.yaml). */
public final class AlertSource {
    private static final Pattern METRIC = Pattern.compile("\\b(redis_[a-z_]+)\\s*\\{");

    private AlertSource() {
    }

    static AlertCatalog catalog() {
        return new AlertCatalogLoader().load(RepoLayout.schema().resolve("alerts.yaml"));
    }

    /** Every metric name the alerts and the dashboard panels select. */
    public static Set<String> metricNames() {
        AlertCatalog catalog = catalog();
        Set<String> names = new TreeSet<>();
        catalog.alerts().forEach(a -> collect(a.expr(), names));
        catalog.panels().forEach(p -> collect(p.expr(), names));
        return names;
    }

    private static void collect(String expr, Set<String> names) {
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
    }
}
