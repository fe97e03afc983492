package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Value combinations a JSON Schema cannot refuse but that contradict each other: one value
 * would be silently ignored, or the layout cannot work. The chart refuses the same ones with
 * {@code fail}, word for word (the first seven in {@code _validate.tpl}, the architecture ones
 * in {@code redis.validate} of {@code _helpers.tpl}, sentinel values with cluster against the
 * chart's defaults), so {@code chartgen validate} and Helm agree.
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
            new Rule(".auth.password", "is set but auth.enabled is false; set auth.enabled=true or remove auth.password",
                    v -> !bool(v, "/auth/enabled") && text(v, "/auth/password")),
            new Rule(".auth.existingSecret", "is set but auth.enabled is false; set auth.enabled=true or remove auth.existingSecret",
                    v -> !bool(v, "/auth/enabled") && text(v, "/auth/existingSecret")),
            new Rule(".auth.password", "is set together with auth.existingSecret, whose password wins; remove one of them",
                    v -> bool(v, "/auth/enabled") && text(v, "/auth/password") && text(v, "/auth/existingSecret")),
            new Rule(".auth.existingSecretPasswordKey", "applies only to auth.existingSecret, which is empty; "
                    + "set auth.existingSecret or remove auth.existingSecretPasswordKey",
                    v -> !text(v, "/auth/existingSecret") && text(v, "/auth/existingSecretPasswordKey")
                            && !"redis-password".equals(v.at("/auth/existingSecretPasswordKey").asText())),
            new Rule(".service.nodePort", "is set but service.type is ClusterIP; set service.type=NodePort or LoadBalancer, "
                    + "or remove service.nodePort",
                    v -> "ClusterIP".equals(v.at("/service/type").asText()) && v.at("/service/nodePort").isNumber()),
            new Rule(".persistence.storageClass", "is set but persistence is off (persistence.enabled=false, or profile=cache "
                    + "with persistence.enabled null); set persistence.enabled=true or remove persistence.storageClass",
                    v -> !persistent(v) && text(v, "/persistence/storageClass")),
            new Rule(".networkPolicy.extraIngressNamespaceSelectors", "are set but networkPolicy.allowExternal is true, "
                    + "which admits every source; set networkPolicy.allowExternal=false or remove the selectors",
                    v -> bool(v, "/networkPolicy/allowExternal") && !v.at("/networkPolicy/extraIngressNamespaceSelectors").isEmpty()),
            new Rule(".architecture", v -> "architecture=" + v.at("/architecture").asText() + " needs persistence (a primary "
                    + "that restarts empty wipes its replicas); set persistence.enabled=true (profile=" + v.at("/profile").asText()
                    + " turns it off) or architecture=standalone",
                    v -> !"standalone".equals(v.at("/architecture").asText("standalone")) && !cluster(v) && !persistent(v)),
            new Rule(".architecture", v -> "architecture=cluster needs persistence (nodes.conf and the data must survive a "
                    + "restart, or the pod comes back as an empty stranger); set persistence.enabled=true (profile="
                    + v.at("/profile").asText() + " turns it off) or cluster.allowNoPersistence=true",
                    v -> cluster(v) && !persistent(v) && !bool(v, "/cluster/allowNoPersistence")),
            new Rule(".redis.port", v -> "architecture=cluster uses redis.port + 10000 as its bus port, so redis.port must be "
                    + "at most 55535, found " + v.at("/redis/port").asInt() + "; lower redis.port",
                    v -> cluster(v) && v.at("/redis/port").asInt() > 55535),
            new Rule(".sentinel.quorum", v -> "sentinel.quorum=" + v.at("/sentinel/quorum").asInt() + " is more than the "
                    + sentinels(v) + " Sentinels (1 + replica.replicaCount); lower sentinel.quorum or raise replica.replicaCount",
                    v -> sentinel(v) && persistent(v) && v.at("/sentinel/quorum").asInt() > sentinels(v)),
            new Rule(".replica.replicaCount", v -> "architecture=sentinel needs at least 3 Sentinels to elect a new primary "
                    + "after losing one, found " + sentinels(v) + "; set replica.replicaCount >= 2",
                    v -> sentinel(v) && persistent(v) && v.at("/sentinel/quorum").asInt() <= sentinels(v) && sentinels(v) < 3),
            new Rule(".sentinel.port", "sentinel.port and redis.port share a pod and must differ; change sentinel.port",
                    v -> sentinel(v) && persistent(v) && v.at("/sentinel/quorum").asInt() <= sentinels(v) && sentinels(v) >= 3
                            && v.at("/sentinel/port").asInt() == v.at("/redis/port").asInt()));

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

    private static boolean sentinel(JsonNode values) {
        return "sentinel".equals(values.at("/architecture").asText());
    }

    /** Sentinels run one beside each Redis: the primary and its replicas. */
    private static int sentinels(JsonNode values) {
        return 1 + values.at("/replica/replicaCount").asInt();
    }

    /** persistence.enabled, or the profile's choice when it is null (as redis.effectivePersistence). */
    private static boolean persistent(JsonNode values) {
        JsonNode enabled = values.at("/persistence/enabled");
        return enabled.isBoolean() ? enabled.asBoolean() : !"cache".equals(values.at("/profile").asText());
    }

    private static boolean bool(JsonNode values, String pointer) {
        return values.at(pointer).asBoolean(false);
    }

    private static boolean text(JsonNode values, String pointer) {
        return !values.at(pointer).asText("").isEmpty();
    }
}
