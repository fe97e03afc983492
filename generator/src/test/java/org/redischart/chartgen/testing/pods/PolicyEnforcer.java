package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redischart.chartgen.testing.pods.NetworkPolicies.Verdict;

/**
 * Enforces rendered NetworkPolicies on a {@link PodNetwork}: every namespace registered with
 * the pod it stands for gets {@link NftPolicyRules} for its labels, rewritten whenever a
 * namespace joins the network or a pod moves (its peers' addresses are in the rules). Counts
 * what each rule admitted and records what was refused, for {@link #report}.
 */
public final class PolicyEnforcer {
    private static final Pattern COUNTER = Pattern.compile("counter (c[0-9]+) \\{\\s*packets ([0-9]+)");
    private static final Pattern REFUSED = Pattern.compile(
            "([0-9a-f.:]+) \\. ([0-9a-f.:]+) \\. ([a-z0-9-]+) \\. ([0-9]+) counter packets ([0-9]+)");

    private final PodNetwork network;
    private final Path dir;
    private final Map<String, PolicyEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, String> counterNames = new LinkedHashMap<>();
    private NetworkPolicies policies;
    private int nextPeerHost = 200;

    PolicyEnforcer(PodNetwork network, NetworkPolicies policies, Path dir) {
        this.network = network;
        this.policies = policies;
        this.dir = dir;
    }

    /** The namespace {@code netns} stands for {@code endpoint} (its address is the network's). */
    public synchronized void register(String netns, PolicyEndpoint endpoint) {
        endpoints.put(netns, endpoint);
        apply();
    }

    /** Enforces {@code newer} from now on (policies of a later render, as after helm upgrade). */
    public synchronized void use(NetworkPolicies newer) {
        this.policies = newer;
        apply();
    }

    public synchronized NetworkPolicies policies() {
        return policies;
    }

    /**
     * A new namespace on the network standing for {@code endpoint} (another client, a pod of
     * another namespace, an address outside the cluster): returns the namespace's name.
     */
    public synchronized String addPeer(String tag, PolicyEndpoint endpoint) {
        String netns = network.namespaceName(tag);
        endpoints.put(netns, endpoint);
        network.attach(netns, nextPeerHost++);
        return netns;
    }

    /** The endpoint {@code netns} stands for, at its current address. */
    public synchronized PolicyEndpoint endpoint(String netns) {
        PolicyEndpoint endpoint = endpoints.get(netns);
        if (endpoint == null) {
            throw new IllegalArgumentException("no endpoint registered for namespace " + netns);
        }
        return endpoint.at(network.addressOf(netns));
    }

    /** What the policies say of a TCP connection from {@code from} to port {@code port} of {@code to}. */
    public Verdict judge(String from, String to, int port) {
        return policies().judge(endpoint(from), endpoint(to), "TCP", port);
    }

    /**
     * Whether a TCP connection from namespace {@code from} reaches {@code ip:port}: it does when
     * it connects or the far end refuses it (nothing listens), not when it times out or the
     * sender's own rules refuse it.
     */
    public boolean reaches(String from, String ip, int port) {
        String target = ip.contains(":") ? "TCP6:[" + ip + "]:" + port : "TCP4:" + ip + ":" + port;
        Shell.Result result = Shell.tryRun(Duration.ofSeconds(5), "ip", "netns", "exec", from,
                "socat", "-u", "OPEN:/dev/null", target + ",connect-timeout=2");
        return result.exit() == 0 || result.output().contains("Connection refused");
    }

    /** Rewrites the rules of every registered namespace that exists (called by the network when it changes). */
    synchronized void apply() {
        List<PolicyEndpoint> placed = new ArrayList<>();
        for (Map.Entry<String, PolicyEndpoint> entry : endpoints.entrySet()) {
            String ip = network.addressOf(entry.getKey());
            if (ip != null) {
                placed.add(entry.getValue().at(ip));
            }
        }
        NftPolicyRules rules = new NftPolicyRules(policies, placed, this::counterName);
        for (Map.Entry<String, PolicyEndpoint> entry : endpoints.entrySet()) {
            String ip = network.addressOf(entry.getKey());
            if (ip == null) {
                continue;
            }
            Path script = dir.resolve(entry.getKey() + ".nft");
            try {
                Files.createDirectories(dir);
                Files.writeString(script, rules.script(entry.getValue().at(ip)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + script, e);
            }
            Shell.run("ip", "netns", "exec", entry.getKey(), "nft", "-f", script.toString());
        }
    }

    private synchronized String counterName(String flow) {
        return counterNames.computeIfAbsent(flow, f -> "c" + counterNames.size());
    }

    /**
     * Every flow the rules admitted (new connections, by the policy rule that admitted them)
     * and every flow they refused (packets), one line each, sorted.
     */
    public synchronized String report() {
        Map<String, Long> admitted = new TreeMap<>();
        Map<String, Long> refused = new TreeMap<>();
        Map<String, String> flows = new LinkedHashMap<>();
        counterNames.forEach((flow, name) -> flows.put(name, flow));
        Map<String, String> names = new LinkedHashMap<>();
        for (String netns : endpoints.keySet()) {
            String ip = network.addressOf(netns);
            if (ip != null) {
                names.put(ip, endpoints.get(netns).name());
            }
        }
        for (String netns : endpoints.keySet()) {
            if (network.addressOf(netns) == null) {
                continue;
            }
            Shell.Result listing = Shell.tryRun(Duration.ofSeconds(10), "ip", "netns", "exec", netns,
                    "nft", "list", "table", NftPolicyRules.TABLE);
            Matcher counter = COUNTER.matcher(listing.output());
            while (counter.find()) {
                long packets = Long.parseLong(counter.group(2));
                if (packets > 0) {
                    admitted.merge(flows.getOrDefault(counter.group(1), counter.group(1)), packets, Long::sum);
                }
            }
            Matcher flow = REFUSED.matcher(listing.output());
            while (flow.find()) {
                refused.merge(endpoints.get(netns).name() + ": " + names.getOrDefault(flow.group(1), flow.group(1))
                        + " -> " + names.getOrDefault(flow.group(2), flow.group(2)) + " " + flow.group(3) + "/"
                        + flow.group(4), Long.parseLong(flow.group(5)), Long::sum);
            }
        }
        StringBuilder text = new StringBuilder();
        admitted.forEach((flow, packets) -> text.append("admitted ").append(flow).append(": ").append(packets)
                .append(" new-connection packets\n"));
        refused.forEach((flow, packets) -> text.append("refused at ").append(flow).append(": ").append(packets)
                .append(" packets\n"));
        return text.toString();
    }
}
