package org.redischart.chartgen.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.schema.ValuesSchema;

/**
 * The alert set (schema/alerts.yaml) and its tunables (metrics.prometheusRule.alerts in the
 * values schema) must name the same alerts in the same order, and an alert has a threshold
 * value exactly when its expression uses one; otherwise the README and the chart would differ.
 */
public final class AlertSchemaAgreement {
    static final String ALERTS = "/properties/metrics/properties/prometheusRule/properties/alerts/properties";

    /** @throws InvalidInputException naming each alert that disagrees */
    public void check(AlertCatalog catalog, ValuesSchema schema, String alertsFile) {
        List<String> problems = new ArrayList<>();
        List<String> inSchema = new ArrayList<>();
        schema.root().at(ALERTS).fieldNames().forEachRemaining(inSchema::add);
        List<String> inCatalog = catalog.alerts().stream().map(AlertCatalog.Alert::name).toList();
        if (!inSchema.equals(inCatalog)) {
            problems.add(schema.file() + ": .metrics.prometheusRule.alerts: expected the alerts of " + alertsFile
                    + " in its order " + inCatalog + ", found " + inSchema);
        }
        for (AlertCatalog.Alert alert : catalog.alerts()) {
            JsonNode defaults = schema.root().at(ALERTS + "/" + alert.name() + "/default");
            if (defaults.isMissingNode()) {
                continue;
            }
            if (alert.usesThreshold() != defaults.has("threshold")) {
                problems.add(schema.file() + ": .metrics.prometheusRule.alerts." + alert.name() + ".threshold: expected "
                        + (alert.usesThreshold() ? "a default (the expression in " + alertsFile + " uses $threshold)"
                        : "none (the expression in " + alertsFile + " uses no $threshold)")
                        + ", found " + (defaults.has("threshold") ? defaults.get("threshold") : "none"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
