package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Contradictions among the pod, persistence and Service settings of the configuration surface
 * (seccomp profile, existing claim, DNS, Service types and IP families). The chart refuses the
 * same ones, word for word and in the same order, in {@code redis.validateSurface}
 * ({@code _surface.tpl}).
 */
public final class SurfaceRules implements ValuesRule {
    /**
     * One contradiction.
     *
     * @param path the value reported, against the file that set it
     * @param message what is wrong and what to change
     * @param contradicts whether merged values hold it
     */
    public record Rule(String path, Function<JsonNode, String> message, Predicate<JsonNode> contradicts) {
        Rule(String path, String message, Predicate<JsonNode> contradicts) {
            this(path, values -> message, contradicts);
        }
    }

    /** The Services whose type decides which load balancer and traffic fields apply, in the chart's (sorted) order. */
    static final List<String> TYPED_SERVICES = List.of("replica.service", "sentinel.service", "service");
    /** Every Service with IP family values, in the chart's (sorted) order. */
    static final List<String> FAMILY_SERVICES = List.of("metrics.service", "replica.service", "sentinel.service", "service");

    public static final List<Rule> RULES = rules();

    private static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(List.of(
                new Rule(".podSecurityContext.seccompProfile", "is Localhost but podSecurityContext.localhostProfile is empty; "
                        + "set localhostProfile to the profile's path under the kubelet's seccomp directory (e.g. profiles/redis.json) "
                        + "or seccompProfile=RuntimeDefault",
                        v -> "Localhost".equals(v.at("/podSecurityContext/seccompProfile").asText())
                                && !text(v, "/podSecurityContext/localhostProfile")),
                new Rule(".podSecurityContext.localhostProfile", "is set but podSecurityContext.seccompProfile is not Localhost; "
                        + "set seccompProfile=Localhost or remove localhostProfile",
                        v -> !"Localhost".equals(v.at("/podSecurityContext/seccompProfile").asText())
                                && text(v, "/podSecurityContext/localhostProfile")),
                new Rule(".persistence.existingClaim", v -> "applies to architecture=standalone only, found architecture="
                        + v.at("/architecture").asText() + ", whose StatefulSets take claims named data-<statefulset>-<ordinal>; "
                        + "remove persistence.existingClaim (name or copy the claims that way: chart README, Configuration)",
                        v -> text(v, "/persistence/existingClaim") && !standalone(v)),
                new Rule(".persistence.existingClaim", "is set but persistence is off (persistence.enabled=false, or profile=cache "
                        + "with persistence.enabled null); set persistence.enabled=true or remove persistence.existingClaim",
                        v -> text(v, "/persistence/existingClaim") && standalone(v) && !persistent(v)),
                new Rule(".dnsPolicy", "is None but dnsConfig.nameservers is empty, so the pods could resolve no name; "
                        + "set dnsConfig.nameservers or another dnsPolicy",
                        v -> "None".equals(v.at("/dnsPolicy").asText()) && v.at("/dnsConfig/nameservers").isEmpty()),
                new Rule(".haproxy.dnsPolicy", "is None but haproxy.dnsConfig.nameservers is empty, so HAProxy could resolve "
                        + "no node; set haproxy.dnsConfig.nameservers or another dnsPolicy",
                        v -> "None".equals(v.at("/haproxy/dnsPolicy").asText()) && v.at("/haproxy/dnsConfig/nameservers").isEmpty())));
        for (String service : TYPED_SERVICES) {
            String at = "/" + service.replace('.', '/');
            rules.add(new Rule("." + service + ".loadBalancerIP", v -> "is set but " + service + ".type is " + type(v, at)
                    + "; set " + service + ".type=LoadBalancer or remove loadBalancerIP",
                    v -> !"LoadBalancer".equals(type(v, at)) && text(v, at + "/loadBalancerIP")));
            rules.add(new Rule("." + service + ".loadBalancerSourceRanges", v -> "are set but " + service + ".type is "
                    + type(v, at) + "; set " + service + ".type=LoadBalancer or remove loadBalancerSourceRanges",
                    v -> !"LoadBalancer".equals(type(v, at)) && !v.at(at + "/loadBalancerSourceRanges").isEmpty()));
            rules.add(new Rule("." + service + ".externalTrafficPolicy", "is set but " + service + ".type is ClusterIP, "
                    + "which Kubernetes refuses; set " + service + ".type=NodePort or LoadBalancer, or remove externalTrafficPolicy",
                    v -> "ClusterIP".equals(type(v, at)) && text(v, at + "/externalTrafficPolicy")));
            if (!service.equals("service")) {
                rules.add(new Rule("." + service + ".nodePort", "is set but " + service + ".type is ClusterIP; set " + service
                        + ".type=NodePort or LoadBalancer, or remove " + service + ".nodePort",
                        v -> "ClusterIP".equals(type(v, at)) && v.at(at + "/nodePort").isNumber()));
            }
        }
        for (String service : FAMILY_SERVICES) {
            String at = "/" + service.replace('.', '/');
            rules.add(new Rule("." + service + ".ipFamilies", "lists two families but " + service + ".ipFamilyPolicy is "
                    + "SingleStack, which Kubernetes refuses; list one family or set ipFamilyPolicy=PreferDualStack",
                    v -> "SingleStack".equals(v.at(at + "/ipFamilyPolicy").asText()) && v.at(at + "/ipFamilies").size() > 1));
        }
        return List.copyOf(rules);
    }

    @Override
    public List<Violation> check(JsonNode merged) {
        return RULES.stream().filter(rule -> rule.contradicts().test(merged))
                .map(rule -> new Violation(rule.path(), rule.message().apply(merged))).toList();
    }

    private static String type(JsonNode values, String service) {
        return values.at(service + "/type").asText("ClusterIP");
    }

    private static boolean standalone(JsonNode values) {
        return "standalone".equals(values.at("/architecture").asText("standalone"));
    }

    /** persistence.enabled, or the profile's choice when it is null (as redis.effectivePersistence). */
    private static boolean persistent(JsonNode values) {
        JsonNode enabled = values.at("/persistence/enabled");
        return enabled.isBoolean() ? enabled.asBoolean() : !"cache".equals(values.at("/profile").asText());
    }

    private static boolean text(JsonNode values, String pointer) {
        return !values.at(pointer).asText("").isEmpty();
    }
}
