package org.redischart.chartgen.testing.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.redischart.chartgen.testing.LabelSelectors;
import org.redischart.chartgen.testing.Manifests;

/**
 * NetworkPolicies judged as the API defines them (networking.k8s.io/v1): a pod is isolated
 * for Ingress or Egress only when a policy of its namespace selects it with that policyType;
 * an isolated pod's traffic is allowed when any selecting policy has a rule that admits it;
 * a rule's peers are ORed, a peer's podSelector and namespaceSelector ANDed; an empty selector
 * matches everything; a named port is the number the target pod's container gives it. A flow
 * needs both the source's egress and the destination's ingress.
 */
public final class NetworkPolicies {
    public static final String INGRESS = "Ingress";
    public static final String EGRESS = "Egress";

    private final List<JsonNode> policies;

    public NetworkPolicies(List<JsonNode> policies) {
        this.policies = List.copyOf(policies);
    }

    public static NetworkPolicies of(Manifests manifests) {
        return new NetworkPolicies(manifests.ofKind("NetworkPolicy"));
    }

    public List<JsonNode> all() {
        return policies;
    }

    /** A port range of one protocol; 1-65535 when a rule names only the protocol. */
    public record PortRange(String protocol, int from, int to) {
        boolean contains(String proto, int port) {
            return protocol.equalsIgnoreCase(proto) && port >= from && port <= to;
        }

        @Override
        public String toString() {
            return protocol.toLowerCase() + "/" + (from == to ? Integer.toString(from) : from + "-" + to);
        }
    }

    /** What a rule's ports admit for one target pod: every port ({@code all}), or the ranges listed. */
    public record Ports(boolean all, List<PortRange> ranges) {
        boolean contain(String protocol, int port) {
            return all || ranges.stream().anyMatch(r -> r.contains(protocol, port));
        }
    }

    /** The rule that admitted a flow: "faults-redis ingress[0]". */
    public record Admission(String policy, String direction, int rule) {
        @Override
        public String toString() {
            return policy + " " + direction.toLowerCase() + "[" + rule + "]";
        }
    }

    /** Both ends' view of one flow; an empty admission on an isolated side refuses it. */
    public record Verdict(boolean egressIsolated, Optional<Admission> egress, boolean ingressIsolated,
            Optional<Admission> ingress) {
        public boolean allowed() {
            return (!egressIsolated || egress.isPresent()) && (!ingressIsolated || ingress.isPresent());
        }

        @Override
        public String toString() {
            return "egress " + (egressIsolated ? egress.map(Admission::toString).orElse("refused") : "not isolated")
                    + ", ingress " + (ingressIsolated ? ingress.map(Admission::toString).orElse("refused") : "not isolated");
        }
    }

    /** Judges a connection from {@code source} to port {@code port}/{@code protocol} of {@code target}. */
    public Verdict judge(PolicyEndpoint source, PolicyEndpoint target, String protocol, int port) {
        boolean egressIsolated = !selecting(source, EGRESS).isEmpty();
        boolean ingressIsolated = !selecting(target, INGRESS).isEmpty();
        return new Verdict(egressIsolated, admission(EGRESS, source, target, protocol, port),
                ingressIsolated, admission(INGRESS, target, source, protocol, port));
    }

    /**
     * The first rule of a policy selecting {@code self} for {@code type} that admits {@code peer}
     * (the source for Ingress, the destination for Egress) on the port.
     */
    public Optional<Admission> admission(String type, PolicyEndpoint self, PolicyEndpoint peer, String protocol, int port) {
        PolicyEndpoint target = INGRESS.equals(type) ? self : peer;
        for (JsonNode policy : selecting(self, type)) {
            JsonNode rules = rules(policy, type);
            for (int i = 0; i < rules.size(); i++) {
                if (peerMatches(rules.get(i), type, namespace(policy), peer)
                        && ports(rules.get(i), target).contain(protocol, port)) {
                    return Optional.of(new Admission(policy.path("metadata").path("name").asText(), type, i));
                }
            }
        }
        return Optional.empty();
    }

    /** The policies of the pod's namespace that select it and list {@code type}. */
    public List<JsonNode> selecting(PolicyEndpoint pod, String type) {
        List<JsonNode> out = new ArrayList<>();
        if (!pod.inCluster()) {
            return out;
        }
        for (JsonNode policy : policies) {
            if (pod.namespace().equals(namespace(policy)) && types(policy).contains(type)
                    && LabelSelectors.matches(policy.path("spec").path("podSelector"), pod.labels())) {
                out.add(policy);
            }
        }
        return out;
    }

    /** policyTypes, or as the API defaults them: Ingress always, Egress when egress rules exist. */
    static List<String> types(JsonNode policy) {
        JsonNode spec = policy.path("spec");
        List<String> types = new ArrayList<>();
        if (spec.path("policyTypes").isArray() && !spec.path("policyTypes").isEmpty()) {
            spec.path("policyTypes").forEach(t -> types.add(t.asText()));
            return types;
        }
        types.add(INGRESS);
        if (spec.has("egress")) {
            types.add(EGRESS);
        }
        return types;
    }

    static JsonNode rules(JsonNode policy, String type) {
        return policy.path("spec").path(INGRESS.equals(type) ? "ingress" : "egress");
    }

    static String namespace(JsonNode policy) {
        return policy.path("metadata").path("namespace").asText("default");
    }

    /** The rule's from (Ingress) or to (Egress) list; empty or missing admits every peer. */
    static boolean peerMatches(JsonNode rule, String type, String policyNamespace, PolicyEndpoint peer) {
        JsonNode peers = rule.path(INGRESS.equals(type) ? "from" : "to");
        if (peers.isMissingNode() || peers.isNull() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode entry : peers) {
            if (peerEntryMatches(entry, policyNamespace, peer)) {
                return true;
            }
        }
        return false;
    }

    /** True when the rule names no peers (it admits any address, inside the cluster or not). */
    static boolean anyPeer(JsonNode rule, String type) {
        JsonNode peers = rule.path(INGRESS.equals(type) ? "from" : "to");
        return peers.isMissingNode() || peers.isNull() || peers.isEmpty();
    }

    static boolean peerEntryMatches(JsonNode entry, String policyNamespace, PolicyEndpoint peer) {
        if (entry.has("ipBlock")) {
            JsonNode block = entry.path("ipBlock");
            if (peer.ip() == null || !inCidr(peer.ip(), block.path("cidr").asText())) {
                return false;
            }
            for (JsonNode except : block.path("except")) {
                if (inCidr(peer.ip(), except.asText())) {
                    return false;
                }
            }
            return true;
        }
        if (!peer.inCluster()) {
            return false;
        }
        boolean namespaceMatches = entry.has("namespaceSelector")
                ? LabelSelectors.matches(entry.path("namespaceSelector"), peer.namespaceLabels())
                : peer.namespace().equals(policyNamespace);
        boolean podMatches = !entry.has("podSelector") || LabelSelectors.matches(entry.path("podSelector"), peer.labels());
        return namespaceMatches && podMatches;
    }

    /** What the rule's ports admit on {@code target}: named ports looked up in its containers' ports. */
    static Ports ports(JsonNode rule, PolicyEndpoint target) {
        JsonNode ports = rule.path("ports");
        if (ports.isMissingNode() || ports.isNull() || ports.isEmpty()) {
            return new Ports(true, List.of());
        }
        List<PortRange> ranges = new ArrayList<>();
        for (JsonNode entry : ports) {
            String protocol = entry.path("protocol").asText("TCP");
            JsonNode port = entry.path("port");
            if (port.isMissingNode() || port.isNull()) {
                ranges.add(new PortRange(protocol, 1, 65535));
            } else if (port.isNumber() || port.asText().matches("[0-9]+")) {
                int from = port.asInt();
                ranges.add(new PortRange(protocol, from, entry.path("endPort").asInt(from)));
            } else {
                namedPort(target, port.asText(), protocol).ifPresent(p -> ranges.add(new PortRange(protocol, p, p)));
            }
        }
        return new Ports(false, ranges);
    }

    private static Optional<Integer> namedPort(PolicyEndpoint target, String name, String protocol) {
        for (JsonNode container : target.containers()) {
            for (JsonNode port : container.path("ports")) {
                if (name.equals(port.path("name").asText()) && protocol.equalsIgnoreCase(port.path("protocol").asText("TCP"))) {
                    return Optional.of(port.path("containerPort").asInt());
                }
            }
        }
        return Optional.empty();
    }

    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        try {
            byte[] address = InetAddress.getByName(ip).getAddress();
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).not().and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address or CIDR: " + ip + " in " + cidr, e);
        }
    }
}
