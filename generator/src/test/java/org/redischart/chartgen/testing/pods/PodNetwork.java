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
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.HostAndPort;

/**
 * A private network of Linux network namespaces standing for a cluster's pod network: a
 * switch namespace holds a bridge; each pod namespace has a veth to it with an address of a
 * random 10.x.y.0/24 that exists only inside these namespaces; a client namespace on the
 * same bridge stands for client pods. The test JVM, in the host namespace, reaches an
 * address inside through {@link #expose} (a relay in the JVM into the client
 * namespace), so the host namespace gets no route, address or interface. DNS is each
 * namespace's /etc/netns/NAME/hosts, rewritten in place as pods come and go, as cluster DNS
 * lists only pods that exist; or, after {@link #resolveThrough}, a {@link ClusterDns} that
 * caches as CoreDNS does. {@link #close} removes every namespace, file and process.
 * With {@code ipv6}, the pod network is IPv6 only: addresses of a random fdxx:xxxx:xxxx::/64
 * (unique local, only inside these namespaces), as on an IPv6 single-stack cluster.
 */
public final class PodNetwork implements AutoCloseable {

    private final String suffix;
    private final String subnet;
    private final Path dir;
    private final String switchNs;
    private final String clientNs;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, String> dnsNames = new LinkedHashMap<>();
    private final Map<String, Integer> links = new LinkedHashMap<>();
    private final List<NamespaceProxy> proxies = new ArrayList<>();
    private final Map<String, NamespaceProxy> exposed = new LinkedHashMap<>();
    private final boolean ipv6;
    private final Map<String, Integer> hosts = new java.util.concurrent.ConcurrentHashMap<>();
    private PolicyEnforcer policies;
    private ClusterDns dns;
    private int nextFresh = 200;

    /** Creates the switch and client namespaces; {@code dir} holds the DNS server's files. */
    public PodNetwork(Path dir) {
        this(dir, false);
    }

    /** As {@link #PodNetwork(Path)}, with an IPv6-only pod network when {@code ipv6}. */
    public PodNetwork(Path dir, boolean ipv6) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.ipv6 = ipv6;
        this.suffix = Integer.toString(random.nextInt(36 * 36 * 36 * 36), 36);
        // IPv6 groups without leading zeros, as Linux and Redis print addresses (RFC 5952): a
        // zero-padded "fd5c:0401:…" never matched the "fd5c:401:…" Redis reports (1 run in 8).
        this.subnet = ipv6
                ? String.format("fd%02x:%x:%x::", random.nextInt(256), random.nextInt(1, 65536), random.nextInt(1, 65536))
                : "10." + random.nextInt(16, 250) + "." + random.nextInt(0, 255) + ".";
        this.dir = dir;
        this.switchNs = "rcsw-" + suffix;
        this.clientNs = "rccl-" + suffix;
        try {
            addNamespace(switchNs);
            Shell.run("ip", "-n", switchNs, "link", "add", "br0", "type", "bridge");
            Shell.run("ip", "-n", switchNs, "link", "set", "br0", "up");
            attach(clientNs, 2);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The pod address with host part {@code host} (1..254) in this network's subnet. */
    public String address(int host) {
        return ipv6 ? subnet + Integer.toHexString(host) : subnet + host;
    }

    /** The address with its prefix length, as `ip addr add` takes it; IPv6 skips duplicate detection (a private bridge). */
    private List<String> cidr(int host) {
        return ipv6 ? List.of(address(host) + "/64", "nodad") : List.of(address(host) + "/24");
    }

    private void addAddress(String ns, int host) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", ns, "addr", "add"));
        command.add(cidr(host).get(0));
        command.addAll(List.of("dev", "eth0"));
        command.addAll(cidr(host).subList(1, cidr(host).size()));
        Shell.run(command.toArray(String[]::new));
    }

    /** A namespace name unique to this network: "rc&lt;tag&gt;-&lt;suffix&gt;". */
    public String namespaceName(String tag) {
        return "rc" + tag + "-" + suffix;
    }

    /** Creates namespace {@code ns} wired to the bridge with address {@link #address}({@code host}). */
    public void attach(String ns, int host) {
        addNamespace(ns);
        String port = "p" + host;
        Shell.run("ip", "-n", switchNs, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Shell.run("ip", "-n", switchNs, "link", "set", port, "master", "br0", "up");
        Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
        addAddress(ns, host);
        Shell.run("ip", "-n", ns, "link", "set", "eth0", "up");
        links.put(ns, host);
        hosts.put(ns, host);
        enforcePolicies();
    }

    /** Gives {@code ns} the address with host part {@code host} instead of its own (a pod moved). */
    public void readdress(String ns, int host) {
        Shell.run("ip", "-n", ns, "addr", "flush", "dev", "eth0");
        addAddress(ns, host);
        hosts.put(ns, host);
        enforcePolicies();
    }

    /** The current address of namespace {@code ns}, or null while it is not on the network. */
    public String addressOf(String ns) {
        Integer host = hosts.get(ns);
        return host == null ? null : address(host);
    }

    /** The client namespace, which stands for client pods (see {@link #expose}). */
    public String clientNamespace() {
        return clientNs;
    }

    /**
     * Runs a host program (redis-cli, curl) in namespace {@code ns}: in {@link #clientNamespace}
     * as a client pod would, in a pod's namespace over its loopback.
     */
    public Shell.Result runIn(String ns, Duration timeout, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return Shell.tryRun(timeout, full.toArray(String[]::new));
    }

    /**
     * Enforces {@code policies} on this network from now on: each namespace registered with
     * the enforcer gets its rules when it joins and whenever an address changes.
     */
    public PolicyEnforcer enforce(NetworkPolicies rendered) {
        policies = new PolicyEnforcer(this, rendered, dir.resolve("policies"));
        return policies;
    }

    private void enforcePolicies() {
        if (policies != null) {
            policies.apply();
        }
    }

    /** Cuts {@code ns} off the network (its bridge port goes down), as a network partition. */
    public void partition(String ns) {
        Shell.run("ip", "-n", switchNs, "link", "set", "p" + links.get(ns), "down");
    }

    /**
     * Caps the traffic into {@code ns} at {@code rate} (tc's syntax, e.g. "1mbit"): a token
     * bucket on the bridge side of its veth, as a slow or congested link to that pod.
     */
    public void throttle(String ns, String rate) {
        Shell.run("ip", "netns", "exec", switchNs, "tc", "qdisc", "replace", "dev", "p" + links.get(ns), "root",
                "tbf", "rate", rate, "burst", "32kbit", "latency", "400ms");
    }

    /** Removes the cap {@link #throttle} set. */
    public void unthrottle(String ns) {
        Shell.tryRun(Duration.ofSeconds(5), "ip", "netns", "exec", switchNs, "tc", "qdisc", "del", "dev", "p" + links.get(ns), "root");
    }

    /** Joins {@code ns} back to the network. */
    public void heal(String ns) {
        Shell.run("ip", "-n", switchNs, "link", "set", "p" + links.get(ns), "up");
    }

    /** Makes {@code name} resolve to {@code ip} in every namespace (a pod now exists). */
    public synchronized void publish(String name, String ip) {
        dnsNames.put(name, ip);
        if (dns != null) {
            dns.publish(name, ip);
        }
        writeHosts();
    }

    /** Removes {@code name} from DNS (the pod was deleted or never scheduled). */
    public synchronized void unpublish(String name) {
        dnsNames.remove(name);
        if (dns != null) {
            dns.unpublish(name);
        }
        writeHosts();
    }

    /**
     * From now on every namespace resolves the pods' names through {@code dns}, started in a
     * namespace of its own, instead of its hosts file (which keeps only localhost); closing
     * this network closes it.
     */
    /** The namespace the cluster DNS answers from, or null before {@link #resolveThrough}. */
    public synchronized String dnsNamespace() {
        return dns == null ? null : namespaceName("dns");
    }

    public synchronized void resolveThrough(ClusterDns dns) {
        String ns = namespaceName("dns");
        attach(ns, ClusterDns.HOST);
        dns.start(this, ns, dir);
        dnsNames.forEach(dns::publish);
        this.dns = dns;
        for (String each : namespaces) {
            rewrite(Path.of("/etc/netns", each, "resolv.conf"), dns.resolvConf());
        }
        writeHosts();
    }

    /**
     * A loopback address of the host namespace that leads to {@code ip:port} as seen from the
     * client namespace: connections there travel the bridge like a client pod's.
     */
    public synchronized HostAndPort expose(String ip, int port) {
        String key = ip + ":" + port;
        NamespaceProxy known = exposed.get(key);
        if (known != null && known.alive()) {
            return known.address();
        }
        if (known != null) {
            // A dead proxy refuses every connection to the pod: say so and start another.
            System.err.println("PodNetwork: the proxy " + known.address() + " to " + key + " had stopped; starting another");
            known.close();
        }
        NamespaceProxy proxy = startProxy(ip, port);
        exposed.put(key, proxy);
        return proxy.address();
    }

    private NamespaceProxy startProxy(String ip, int port) {
        try {
            NamespaceProxy proxy = new NamespaceProxy(clientNs, ip, port);
            proxies.add(proxy);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the host's loopback for " + ip + ":" + port, e);
        }
    }

    private void addNamespace(String ns) {
        namespaces.add(ns);
        Shell.run("ip", "netns", "add", ns);
        Path etc = Path.of("/etc/netns", ns);
        try {
            Files.createDirectories(etc);
            // No nameserver: a name missing from hosts fails at once, as for a deleted pod.
            Files.writeString(etc.resolve("resolv.conf"), dns != null ? dns.resolvConf() : "options timeout:1 attempts:1\n");
            Files.writeString(etc.resolve("hosts"), hostsText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + etc, e);
        }
    }

    private String hostsText() {
        StringBuilder text = new StringBuilder("127.0.0.1 localhost\n::1 localhost\n");
        if (dns == null) {
            dnsNames.forEach((name, ip) -> text.append(ip).append(' ').append(name).append('\n'));
        }
        return text.toString();
    }

    private void writeHosts() {
        String text = hostsText();
        for (String ns : namespaces) {
            rewrite(Path.of("/etc/netns", ns, "hosts"), text);
        }
    }

    /** In place (same inode): `ip netns exec` bind-mounts the file, a rename would go unseen. */
    private static void rewrite(Path file, String text) {
        // Never empty, not even for a moment: truncating first let a resolver read an empty
        // hosts file, and a Sentinel whose switch to a new primary failed to resolve its name
        // kept the old primary at the new epoch for good. One write from offset 0, padded with
        // blanks to the old length, so nothing of the old text is left behind.
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long old = channel.size();
            if (bytes.length < old) {
                byte[] padded = java.util.Arrays.copyOf(bytes, (int) old);
                // A line of blanks, which neither hosts nor resolv.conf reads as anything.
                java.util.Arrays.fill(padded, bytes.length, padded.length, (byte) ' ');
                padded[bytes.length] = '\n';
                padded[padded.length - 1] = '\n';
                bytes = padded;
            }
            channel.write(java.nio.ByteBuffer.wrap(bytes), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    /**
     * A host part no namespace of this network uses (from 200 up, wrapping round to 30):
     * the address a recreated pod gets, as a pod rescheduled elsewhere.
     */
    public synchronized int freshHost() {
        java.util.Set<Integer> used = new java.util.HashSet<>(hosts.values());
        for (int i = 0; i < 224; i++) {
            int candidate = 30 + (nextFresh - 30 + i) % 224;
            if (!used.contains(candidate)) {
                nextFresh = candidate + 1;
                return candidate;
            }
        }
        throw new IllegalStateException("no free address left in " + subnet);
    }

    @Override
    public void close() {
        if (dns != null) {
            dns.close();
        }
        proxies.forEach(NamespaceProxy::close);
        for (String ns : namespaces) {
            // Anything still running inside (a leaked child) would keep the namespace alive.
            Shell.Result pids = Shell.tryRun(Duration.ofSeconds(5), "ip", "netns", "pids", ns);
            for (String pid : pids.output().split("\\s+")) {
                if (pid.matches("[0-9]+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Shell.tryRun(Duration.ofSeconds(10), "ip", "netns", "del", ns);
            deleteTree(Path.of("/etc/netns", ns));
        }
        namespaces.clear();
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // best effort: a leftover temp file must not hide the test's own failure
        }
    }
}
