package org.redischart.chartgen.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.redischart.chartgen.model.AlertCatalog;

/**
 * The README alert table: each alert of the alert set with its default threshold, duration
 * and severity from the values defaults, so the table shows what the chart renders.
 */
final class AlertTable {
    List<AlertRow> rows(AlertCatalog catalog, JsonNode defaults) {
        return catalog.alerts().stream().map(alert -> {
            JsonNode values = defaults.path("metrics").path("prometheusRule").path("alerts").path(alert.name());
            String threshold = threshold(alert.name(), values.path("threshold"));
            return new AlertRow("`" + alert.name() + "`",
                    escape(alert.condition().replace("$threshold", threshold)),
                    "`" + values.path("for").asText() + "`",
                    values.path("severity").asText(),
                    escape(alert.when().describe()),
                    escape(alert.runbook()));
        }).toList();
    }

    /** The default as written; a null threshold stands for the release's replica count. */
    private static String threshold(String alert, JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "`replica.replicaCount`" : value.asText();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
