package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Value combinations that contradict each other and that {@code schema/rules.yaml}
 * ({@link RuleBook}) cannot say: the acl.users list checks (the loop in {@code _validate.tpl})
 * and sentinel values with cluster against the chart's defaults ({@code redis.validate} in
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

    /** As {@link #check(JsonNode)}, plus sentinel values changed from the chart's defaults with architecture=cluster. */
    @Override
    public List<Violation> check(JsonNode merged, JsonNode defaults) {
        List<Violation> violations = new java.util.ArrayList<>(check(merged));
        if (cluster(merged) && !defaults.path("sentinel").isMissingNode() && !merged.path("sentinel").equals(defaults.path("sentinel"))) {
            violations.add(new Violation(".sentinel", SENTINEL_WITH_CLUSTER));
        }
        return violations;
    }

    static final String SENTINEL_WITH_CLUSTER = "sentinel values are set but architecture=cluster runs no Sentinel "
            + "(cluster nodes fail over by themselves); remove the sentinel values or set architecture=sentinel";

    private static boolean cluster(JsonNode values) {
        return "cluster".equals(values.at("/architecture").asText());
    }
}
