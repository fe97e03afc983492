package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evaluates a Kubernetes LabelSelector (matchLabels and matchExpressions) against labels. */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    /**
     * As Kubernetes does: an empty selector ({@code {}}) matches everything; an absent or null
     * one matches nothing (a PodDisruptionBudget or an affinity term without a selector).
     */
    public static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> wanted : selector.path("matchLabels").properties()) {
            if (!wanted.getValue().asText().equals(labels.path(wanted.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            if (!holds(expression, labels.path(expression.path("key").asText()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(JsonNode expression, JsonNode label) {
        List<String> values = new ArrayList<>();
        expression.path("values").forEach(v -> values.add(v.asText()));
        boolean listed = !label.isMissingNode() && values.contains(label.asText());
        return switch (expression.path("operator").asText()) {
            case "In" -> listed;
            case "NotIn" -> !listed;
            case "Exists" -> !label.isMissingNode();
            case "DoesNotExist" -> label.isMissingNode();
            default -> throw new IllegalArgumentException("unknown selector operator in " + expression);
        };
    }
}
