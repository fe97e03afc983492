package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * When a declared rule refuses the values. Each form has one meaning in Java (here) and one
 * compiled Go template form ({@code render.RuleChecks}); truthiness is Go's (null, false, 0,
 * "" and empty lists or maps are false).
 */
public sealed interface Condition {
    boolean holds(JsonNode values);

    /** The operand is truthy, e.g. {@code .auth.password} is set and not empty. */
    record Truthy(Operand operand) implements Condition {
        @Override
        public boolean holds(JsonNode values) {
            return Conditions.truthy(operand.value(values));
        }
    }

    record Not(Condition condition) implements Condition {
        @Override
        public boolean holds(JsonNode values) {
            return !condition.holds(values);
        }
    }

    record All(List<Condition> conditions) implements Condition {
        @Override
        public boolean holds(JsonNode values) {
            return conditions.stream().allMatch(c -> c.holds(values));
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        @Override
        public boolean holds(JsonNode values) {
            return conditions.stream().anyMatch(c -> c.holds(values));
        }
    }

    /**
     * {@code eq}, {@code ne}, {@code gt}, {@code ge}, {@code lt} or {@code le}. Order comparisons
     * and any comparison with a number or arithmetic compare int64s; {@code eq}/{@code ne} with
     * null test for a missing or null value; others compare the values' text.
     */
    record Compare(String op, Operand left, Operand right) implements Condition {
        @Override
        public boolean holds(JsonNode values) {
            if (nullTest() != null) {
                JsonNode node = nullTest().value(values);
                boolean isNull = node.isMissingNode() || node.isNull();
                return "eq".equals(op) == isNull;
            }
            if (numeric()) {
                int c = Long.compare(left.number(values), right.number(values));
                return switch (op) {
                    case "eq" -> c == 0;
                    case "ne" -> c != 0;
                    case "gt" -> c > 0;
                    case "ge" -> c >= 0;
                    case "lt" -> c < 0;
                    case "le" -> c <= 0;
                    default -> throw new IllegalStateException(op);
                };
            }
            boolean equal = Conditions.text(left.value(values)).equals(Conditions.text(right.value(values)));
            return "eq".equals(op) == equal;
        }

        /** The operand compared with a null literal by eq/ne, or null when this is no null test. */
        public Operand nullTest() {
            if (!"eq".equals(op) && !"ne".equals(op)) {
                return null;
            }
            if (right instanceof Operand.Literal literal && literal.node().isNull()) {
                return left;
            }
            return left instanceof Operand.Literal literal && literal.node().isNull() ? right : null;
        }

        /** Whether this compares int64s. */
        public boolean numeric() {
            return !"eq".equals(op) && !"ne".equals(op) || left.numeric() || right.numeric();
        }
    }

    /**
     * {@code changed}: the value differs from the chart's default (numbers compared by value, as
     * the chart compares their JSON); never holds where the rules carry no default for the path.
     */
    record Changed(Operand.Path path, JsonNode chartDefault) implements Condition {
        @Override
        public boolean holds(JsonNode values) {
            return !chartDefault.isMissingNode() && !path.value(values).equals(Changed::compare, chartDefault);
        }

        private static int compare(JsonNode a, JsonNode b) {
            if (a.isNumber() && b.isNumber()) {
                return a.decimalValue().compareTo(b.decimalValue());
            }
            return a.equals(b) ? 0 : 1;
        }
    }
}
