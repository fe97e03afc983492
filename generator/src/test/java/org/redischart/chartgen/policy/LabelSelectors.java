package org.redischart.chartgen.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Evaluates a Kubernetes LabelSelector (matchLabels and matchExpressions) against labels. */
final class LabelSelectors {
    private LabelSelectors() {
    }

    /** An empty or absent selector matches nothing here: a policy must name what it selects. */
    static boolean matches(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.path("matchLabels");
        JsonNode expressions = selector.path("matchExpressions");
        if (matchLabels.isEmpty() && expressions.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> wanted : matchLabels.properties()) {
            if (!wanted.getValue().asText().equals(labels.path(wanted.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : expressions) {
            if (!holds(expression, labels.path(expression.path("key").asText()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(JsonNode expression, JsonNode label) {
        boolean listed = PodSecurityChecks.texts(expression.path("values")).contains(label.asText(null));
        return switch (expression.path("operator").asText()) {
            case "In" -> listed;
            case "NotIn" -> !listed;
            case "Exists" -> !label.isMissingNode();
            case "DoesNotExist" -> label.isMissingNode();
            default -> false;
        };
    }
}
