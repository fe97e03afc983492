package org.redischart.chartgen.testing.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.redischart.chartgen.testing.pods.NetworkPolicies.Admission;
import org.redischart.chartgen.testing.pods.NetworkPolicies.PortRange;
import org.redischart.chartgen.testing.pods.NetworkPolicies.Ports;

/**
 * The nftables script (table inet netpol) that enforces the policies in one pod's network
 * namespace, as a policy-enforcing CNI does at the pod's interface: its input chain carries
 * the pod's Ingress rules, its output chain its Egress rules, each peer and port of each rule
 * one accept rule with a named counter (so a report can say which policy admitted a flow).
 * Replies of admitted connections pass by conntrack; what an isolated pod's rules do not
 * admit is recorded in the set {@code refused} and dropped. Loopback is never filtered.
 * Applying the script again replaces the rules and keeps the counters.
 */
final class NftPolicyRules {
    static final String TABLE = "inet netpol";

    private final NetworkPolicies policies;
    private final List<PolicyEndpoint> endpoints;
    private final Function<String, String> counters;

    /** {@code counters} names the counter for a flow description (the same name for the same flow). */
    NftPolicyRules(NetworkPolicies policies, List<PolicyEndpoint> endpoints, Function<String, String> counters) {
        this.policies = policies;
        this.endpoints = endpoints;
        this.counters = counters;
    }

    String script(PolicyEndpoint self) {
        List<String> rules = new ArrayList<>();
        rules.addAll(chain(self, NetworkPolicies.INGRESS));
        rules.addAll(chain(self, NetworkPolicies.EGRESS));
        boolean v6 = self.ip().contains(":");
        String addr = v6 ? "ipv6_addr" : "ipv4_addr";
        StringBuilder script = new StringBuilder("add table " + TABLE + "\n");
        for (String rule : rules) {
            int at = rule.indexOf("counter name \"");
            if (at >= 0) {
                script.append("add counter ").append(TABLE).append(' ')
                        .append(rule, at + 14, rule.indexOf('"', at + 14)).append('\n');
            }
        }
        script.append("add set ").append(TABLE).append(" refused { type ").append(addr).append(" . ").append(addr)
                .append(" . inet_proto . inet_service; flags dynamic; size 4096; counter; }\n");
        for (String chain : List.of("ingress", "egress")) {
            script.append("add chain ").append(TABLE).append(' ').append(chain).append(" { type filter hook ")
                    .append(chain.equals("ingress") ? "input" : "output").append(" priority 0; policy accept; }\n")
                    .append("flush chain ").append(TABLE).append(' ').append(chain).append('\n');
        }
        rules.forEach(r -> script.append(r).append('\n'));
        return script.toString();
    }

    private List<String> chain(PolicyEndpoint self, String type) {
        boolean ingress = NetworkPolicies.INGRESS.equals(type);
        String chain = "add rule " + TABLE + (ingress ? " ingress " : " egress ");
        List<JsonNode> selecting = policies.selecting(self, type);
        List<String> out = new ArrayList<>();
        if (selecting.isEmpty()) {
            return out;
        }
        String family = self.ip().contains(":") ? "ip6" : "ip";
        String peerAddress = family + (ingress ? " saddr " : " daddr ");
        out.add(chain + (ingress ? "iif" : "oif") + " lo accept");
        out.add(chain + "ct state established,related accept");
        // IPv6 neighbour discovery is what ARP is to IPv4: no policy filters it.
        out.add(chain + "meta l4proto ipv6-icmp accept");
        for (JsonNode policy : selecting) {
            JsonNode rules = NetworkPolicies.rules(policy, type);
            for (int i = 0; i < rules.size(); i++) {
                Admission by = new Admission(policy.path("metadata").path("name").asText(), type, i);
                JsonNode rule = rules.get(i);
                if (NetworkPolicies.anyPeer(rule, type)) {
                    for (String match : ports(rule, ingress ? List.of(self) : endpoints)) {
                        out.add(chain + match + counted(self, type, "any address", match, by));
                    }
                    continue;
                }
                for (JsonNode entry : rule.path(ingress ? "from" : "to")) {
                    if (entry.has("ipBlock")) {
                        String block = peerAddress + entry.path("ipBlock").path("cidr").asText();
                        List<String> except = new ArrayList<>();
                        entry.path("ipBlock").path("except").forEach(e -> except.add(e.asText()));
                        if (!except.isEmpty()) {
                            block += " " + peerAddress + "!= { " + String.join(", ", except) + " }";
                        }
                        for (String match : ports(rule, ingress ? List.of(self) : endpoints)) {
                            out.add(chain + block + " " + match + counted(self, type, block, match, by));
                        }
                        continue;
                    }
                    for (PolicyEndpoint peer : endpoints) {
                        if (peer.ip() == null || !NetworkPolicies.peerEntryMatches(entry, NetworkPolicies.namespace(policy), peer)) {
                            continue;
                        }
                        for (String match : ports(rule, ingress ? List.of(self) : List.of(peer))) {
                            out.add(chain + peerAddress + peer.ip() + " " + match + counted(self, type, peer.name(), match, by));
                        }
                    }
                }
            }
        }
        String flow = family + " saddr . " + family + " daddr . meta l4proto . th dport";
        out.add(chain + "update @refused { " + flow + " } drop");
        out.add(chain + "drop");
        return out;
    }

    private String counted(PolicyEndpoint self, String type, String peer, String match, Admission by) {
        String flow = NetworkPolicies.INGRESS.equals(type)
                ? peer + " -> " + self.name() + " " + portText(match)
                : self.name() + " -> " + peer + " " + portText(match);
        return " counter name \"" + counters.apply(type.toLowerCase() + " " + flow + " by " + by) + "\" accept";
    }

    private static String portText(String match) {
        return match.isEmpty() ? "any port" : match.replace("meta l4proto ", "").replace(" th dport ", "/");
    }

    /** The nft matches for the rule's ports on each target: "" for every port, else one per protocol and range. */
    private static Set<String> ports(JsonNode rule, List<PolicyEndpoint> targets) {
        Set<String> matches = new LinkedHashSet<>();
        for (PolicyEndpoint target : targets) {
            Ports ports = NetworkPolicies.ports(rule, target);
            if (ports.all()) {
                matches.add("");
                continue;
            }
            for (PortRange range : ports.ranges()) {
                String proto = "meta l4proto " + range.protocol().toLowerCase();
                matches.add(range.from() == 1 && range.to() == 65535 ? proto
                        : proto + " th dport " + (range.from() == range.to() ? range.from() : range.from() + "-" + range.to()));
            }
        }
        return matches;
    }
}
