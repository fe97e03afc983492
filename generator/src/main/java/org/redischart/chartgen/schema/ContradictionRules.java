package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Value combinations a JSON Schema cannot refuse but that contradict each other: one value
 * would be silently ignored, or the layout cannot work. The chart refuses the same ones with
 * {@code fail}, word for word (the first eight and the metrics ones in {@code _validate.tpl}, the architecture and
 * replica ones in {@code redis.validate} of {@code _helpers.tpl}, sentinel values with cluster against the
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
            new Rule(".backup.enabled", "is true but architecture=cluster spreads the data over shards and one RDB "
                    + "holds one shard; set backup.enabled=false (back up each shard's primary yourself)",
                    v -> bool(v, "/backup/enabled") && cluster(v)),
            new Rule(".haproxy.readOnly.enabled", "is true but HAProxy runs only with architecture=sentinel and "
                    + "haproxy.enabled=true; set both or set haproxy.readOnly.enabled=false",
                    v -> bool(v, "/haproxy/readOnly/enabled") && !(sentinel(v) && bool(v, "/haproxy/enabled"))),
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
                            && v.at("/sentinel/port").asInt() == v.at("/redis/port").asInt()),
            new Rule(".haproxy.port", "haproxy.port, haproxy.healthPort and haproxy.readOnly.port (when enabled) share "
                    + "the HAProxy pod and must differ; change one of them",
                    v -> sentinel(v) && persistent(v) && v.at("/sentinel/quorum").asInt() <= sentinels(v) && sentinels(v) >= 3
                            && v.at("/sentinel/port").asInt() != v.at("/redis/port").asInt()
                            && bool(v, "/haproxy/enabled") && haproxyPortsClash(v)),
            new Rule(".redis.minReplicasToWrite", v -> "redis.minReplicasToWrite=" + v.at("/redis/minReplicasToWrite").asInt()
                    + " is more than the " + v.at("/replica/replicaCount").asInt() + " replicas (replica.replicaCount), so the "
                    + "primary would refuse every write; lower redis.minReplicasToWrite or raise replica.replicaCount",
                    v -> !"standalone".equals(v.at("/architecture").asText("standalone")) && persistent(v)
                            && (!sentinel(v) || (v.at("/sentinel/quorum").asInt() <= sentinels(v) && sentinels(v) >= 3
                                    && v.at("/sentinel/port").asInt() != v.at("/redis/port").asInt()))
                            && v.at("/redis/minReplicasToWrite").isNumber()
                            && v.at("/redis/minReplicasToWrite").asInt() > v.at("/replica/replicaCount").asInt()),
            new Rule(".redis.minReplicasMaxLag", v -> "redis.minReplicasMaxLag=" + v.at("/redis/minReplicasMaxLag").asInt()
                    + " lets a primary cut off from its replicas acknowledge writes for up to "
                    + (v.at("/redis/minReplicasMaxLag").asInt() + 2) + " s (max-lag + 2), longer than "
                    + "sentinel.downAfterMilliseconds=" + v.at("/sentinel/downAfterMilliseconds").asInt() + " after which the "
                    + "Sentinels may promote another node, so two primaries would acknowledge writes at once; lower "
                    + "redis.minReplicasMaxLag or raise sentinel.downAfterMilliseconds",
                    v -> sentinel(v) && persistent(v) && v.at("/sentinel/quorum").asInt() <= sentinels(v) && sentinels(v) >= 3
                            && v.at("/sentinel/port").asInt() != v.at("/redis/port").asInt()
                            && !(bool(v, "/haproxy/enabled") && haproxyPortsClash(v))
                            && (!v.at("/redis/minReplicasToWrite").isNumber()
                                    || (v.at("/redis/minReplicasToWrite").asInt() > 0
                                            && v.at("/redis/minReplicasToWrite").asInt() <= v.at("/replica/replicaCount").asInt()))
                            && v.at("/redis/minReplicasMaxLag").asLong() * 1000 + 2000 > v.at("/sentinel/downAfterMilliseconds").asLong()),
            metricsPart("serviceMonitor"),
            metricsPart("podMonitor"),
            metricsPart("prometheusRule"),
            metricsPart("dashboard"),
            new Rule(".metrics.podMonitor.enabled", "is true together with metrics.serviceMonitor.enabled, which scrapes "
                    + "the same exporters twice; enable one of them",
                    v -> bool(v, "/metrics/enabled") && bool(v, "/metrics/serviceMonitor/enabled")
                            && bool(v, "/metrics/podMonitor/enabled")),
            scrapeTimeout("serviceMonitor"),
            scrapeTimeout("podMonitor"),
            new Rule(".acl.users", "are set but auth.enabled is false, and ACL users need the password setup; "
                    + "set auth.enabled=true or remove acl.users",
                    v -> !bool(v, "/auth/enabled") && !v.at("/acl/users").isEmpty()),
            new Rule(".acl.defaultUser.enabled", "is false but acl.users is empty (or auth.enabled is false), so no "
                    + "client could log in; add acl.users or set acl.defaultUser.enabled=true",
                    v -> !v.at("/acl/defaultUser/enabled").asBoolean(true)
                            && (v.at("/acl/users").isEmpty() || !bool(v, "/auth/enabled"))),
            new Rule(".acl.users", v -> "name " + duplicateUser(v) + " appears more than once; give each user one entry",
                    v -> duplicateUser(v) != null),
            new Rule(".acl.users", v -> "user " + userWith(v, "password", "existingSecret") + " sets password together "
                    + "with existingSecret, whose password wins; remove one of them",
                    v -> userWith(v, "password", "existingSecret") != null),
            new Rule(".sentinel.auth.password", "is set but sentinel.auth.enabled is false; set sentinel.auth.enabled=true "
                    + "or remove sentinel.auth.password",
                    v -> !bool(v, "/sentinel/auth/enabled") && text(v, "/sentinel/auth/password")),
            new Rule(".sentinel.auth.existingSecret", "is set but sentinel.auth.enabled is false; set "
                    + "sentinel.auth.enabled=true or remove sentinel.auth.existingSecret",
                    v -> !bool(v, "/sentinel/auth/enabled") && text(v, "/sentinel/auth/existingSecret")),
            new Rule(".sentinel.auth.password", "is set together with sentinel.auth.existingSecret, whose password wins; "
                    + "remove one of them",
                    v -> bool(v, "/sentinel/auth/enabled") && text(v, "/sentinel/auth/password")
                            && text(v, "/sentinel/auth/existingSecret")));

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

    /** A scrape timeout longer than the scrape interval, which Prometheus refuses. */
    private static Rule scrapeTimeout(String monitor) {
        String at = "/metrics/" + monitor;
        return new Rule(".metrics." + monitor + ".scrapeTimeout", v -> v.at(at + "/scrapeTimeout").asText() + " is longer than metrics."
                + monitor + ".interval " + v.at(at + "/interval").asText() + ", which Prometheus refuses; lower scrapeTimeout or raise interval",
                v -> bool(v, "/metrics/enabled") && bool(v, at + "/enabled")
                        && millis(v.at(at + "/scrapeTimeout").asText()) > millis(v.at(at + "/interval").asText()));
    }

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("^(0|(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$");

    /** A duration of the chart's form in milliseconds, as redis.durationMs in _metrics.tpl; 0 when it is not one. */
    static long millis(String duration) {
        java.util.regex.Matcher m = DURATION.matcher(duration);
        if (!m.matches()) {
            return 0;
        }
        long[] factors = {3_600_000, 60_000, 1000, 1};
        int[] groups = {3, 5, 7, 9};
        long ms = 0;
        for (int i = 0; i < groups.length; i++) {
            if (m.group(groups[i]) != null) {
                ms += Long.parseLong(m.group(groups[i])) * factors[i];
            }
        }
        return ms;
    }

    /** A monitoring object asked for without the exporter it would watch. */
    private static Rule metricsPart(String part) {
        return new Rule(".metrics." + part + ".enabled", "is true but metrics.enabled is false, so there is no exporter; "
                + "set metrics.enabled=true or metrics." + part + ".enabled=false",
                v -> !bool(v, "/metrics/enabled") && bool(v, "/metrics/" + part + "/enabled"));
    }

    /** Every contradiction in merged, schema-valid values; empty when there is none. */
    @Override
    public List<Violation> check(JsonNode merged) {
        return RULES.stream().filter(rule -> rule.contradicts().test(merged))
                .map(rule -> new Violation(rule.path(), rule.message().apply(merged))).toList();
    }

    private static boolean haproxyPortsClash(JsonNode values) {
        List<Integer> ports = new java.util.ArrayList<>(List.of(
                values.at("/haproxy/port").asInt(), values.at("/haproxy/healthPort").asInt()));
        if (bool(values, "/haproxy/readOnly/enabled")) {
            ports.add(values.at("/haproxy/readOnly/port").asInt());
        }
        return ports.stream().distinct().count() != ports.size();
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
