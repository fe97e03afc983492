package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Value combinations that contradict each other and that {@code schema/rules.yaml}
 * ({@link RuleBook}) cannot say: the checks over the items of acl.users (the loop in
 * {@code _validate.tpl}). Helm refuses the same, word for word.
 */
public final class ContradictionRules implements ValuesRule {
    /**
     * One contradiction.
     *
     * @param path the value that would be ignored, reported against the file that set it
     * @param message what is wrong and what to change
     */
    public record Rule(String path, Function<JsonNode, String> message, Predicate<JsonNode> contradicts) {
        Rule(String path, String message, Predicate<JsonNode> contradicts) {
            this(path, values -> message, contradicts);
        }
    }

    public static final List<Rule> RULES = List.of(
            new Rule(".acl.users", v -> "name " + duplicateUser(v) + " appears more than once; give each user one entry",
                    v -> duplicateUser(v) != null),
            new Rule(".acl.users", v -> "user " + userWith(v, "password", "existingSecret") + " sets password together "
                    + "with existingSecret, whose password wins; remove one of them",
                    v -> userWith(v, "password", "existingSecret") != null));

    /** The first user name acl.users lists twice, or null. */
    private static String duplicateUser(JsonNode values) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode user : values.at("/acl/users")) {
            if (!seen.add(user.path("name").asText())) {
                return user.path("name").asText();
            }
        }
        return null;
    }

    /** The first user of acl.users that sets both fields, or null. */
    private static String userWith(JsonNode values, String first, String second) {
        for (JsonNode user : values.at("/acl/users")) {
            if (!user.path(first).asText("").isEmpty() && !user.path(second).asText("").isEmpty()) {
                return user.path("name").asText();
            }
        }
        return null;
    }

    /** Every contradiction in merged, schema-valid values; empty when there is none. */
    @Override
    public List<Violation> check(JsonNode merged) {
        return RULES.stream().filter(rule -> rule.contradicts().test(merged))
                .map(rule -> new Violation(rule.path(), rule.message().apply(merged))).toList();
    }
}
