package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** Go template semantics the declared rules rely on, in Java. */
final class Conditions {
    private Conditions() {
    }

    /** Go's truth: null, false, 0, "" and empty lists or maps are false. */
    static boolean truthy(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.doubleValue() != 0;
        }
        if (node.isTextual()) {
            return !node.asText().isEmpty();
        }
        return !node.isEmpty();
    }

    /** A value as sprig's {@code toString} prints it: null as {@code <nil>}, a whole number without a fraction. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "<nil>";
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(node.longValue()) : node.asText();
        }
        return node.asText();
    }
}
