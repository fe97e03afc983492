package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.redischart.chartgen.testing.FakeDns;
import org.redischart.chartgen.testing.LocalPods;

/**
 * The cluster DNS of a {@link PodNetwork}, answering as CoreDNS does for the pods' names: an
 * answer, once given, is cached and given again for the positive TTL (default 5 s, the
 * kubernetes plugin's record TTL) even after the pod moved to a new address; a name not found
 * (a pod not yet created, or deleted) is cached as NXDOMAIN for the negative TTL (default
 * 30 s); every answer can be held back by a delay, as a loaded CoreDNS answers late. Pods
 * query it through their resolv.conf (nameserver, search list, ndots:5 as the kubelet writes
 * it) over UDP and TCP port 53 of address host 3 of the pod network, in a namespace of its
 * own; instead of a hosts file with the pods' names.
 *
 * <pre>{@code
 * ClusterDns dns = new ClusterDns().positiveTtl(Duration.ofSeconds(30));
 * try (StatefulSetPods pods = new StatefulSetPods(manifests, password, root).withDns(dns)) {
 *     ...
 *     dns.delay(Duration.ofSeconds(3)); // from now on every answer takes 3 s
 *     dns.delay(Duration.ZERO);         // and again at once
 *     dns.flush();                      // forget cached answers, as a CoreDNS restart does
 * }
 * }</pre>
 * The TTLs and the delay may be changed at any time; {@link #queries()} counts the questions.
 * Inside, socat in the DNS namespace hands each UDP datagram and each TCP connection to this
 * JVM over a Unix socket, so the host namespace listens on nothing.
 */
public final class ClusterDns implements AutoCloseable {
    static final int HOST = 3;

    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<Process> relays = new ArrayList<>();
    private volatile Duration positiveTtl = Duration.ofSeconds(5);
    private volatile Duration negativeTtl = Duration.ofSeconds(30);
    private volatile Duration delay = Duration.ZERO;
    private volatile String address;

    /** How long an answer with an address is served from the cache. */
    public ClusterDns positiveTtl(Duration ttl) {
        this.positiveTtl = ttl;
        return this;
    }

    /** How long NXDOMAIN for a name is served from the cache. */
    public ClusterDns negativeTtl(Duration ttl) {
        this.negativeTtl = ttl;
        return this;
    }

    /** Every answer from now on waits this long before it is sent (switchable while pods run). */
    public ClusterDns delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Forgets every cached answer. */
    public void flush() {
        cache.clear();
    }

    /** Questions answered so far (UDP and TCP). */
    public long queries() {
        return queries.get();
    }

    /** The address the pods send their questions to. */
    public String address() {
        return address;
    }

    /** The resolv.conf the kubelet writes for a pod with dnsPolicy ClusterFirst. */
    String resolvConf() {
        return "search svc.cluster.local cluster.local\nnameserver " + address + "\noptions ndots:5\n";
    }

    void publish(String name, String ip) {
        names.put(name.toLowerCase(Locale.ROOT), ip);
    }

    void unpublish(String name) {
        names.remove(name.toLowerCase(Locale.ROOT));
    }

    /** Starts serving on host {@link #HOST} of {@code network} in namespace {@code ns}; sockets under {@code dir}. */
    void start(PodNetwork network, String ns, Path dir, boolean ipv6) {
        address = network.address(HOST);
        String bind = ipv6 ? "[" + address + "]" : address;
        String family = ipv6 ? "6" : "4";
        Path udp = dir.resolve("dns-udp.sock");
        Path tcp = dir.resolve("dns-tcp.sock");
        listen(udp, false);
        listen(tcp, true);
        // -t: socat takes the datagram side as finished once it read the question; without a
        // long -t it would exit 0.5 s later and drop a delayed answer.
        relays.add(relay("ip", "netns", "exec", ns, "socat", "-T", "60", "-t", "60",
                "UDP" + family + "-RECVFROM:53,bind=" + bind + ",fork", "UNIX-CONNECT:" + udp));
        relays.add(relay("ip", "netns", "exec", ns, "socat", "-T", "60", "-t", "60",
                "TCP" + family + "-LISTEN:53,bind=" + bind + ",fork,reuseaddr", "UNIX-CONNECT:" + tcp));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Shell.tryRun(Duration.ofSeconds(5), "ip", "netns", "exec", ns, "ss", "-lnu", "sport = :53").output().contains(":53")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster DNS relay in " + ns + " does not listen on port 53");
            }
            LocalPods.sleep(Duration.ofMillis(20));
        }
    }

    private void listen(Path socket, boolean tcp) {
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            listeners.add(server);
            Thread thread = new Thread(() -> accept(server, tcp), "cluster-dns-" + (tcp ? "tcp" : "udp"));
            thread.setDaemon(true);
            thread.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + socket, e);
        }
    }

    private void accept(ServerSocketChannel server, boolean tcp) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread thread = new Thread(() -> answer(client, tcp), "cluster-dns-answer");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One question: a datagram as socat read it, or a TCP message with its 2-byte length. */
    private void answer(SocketChannel client, boolean tcp) {
        try (client) {
            ByteBuffer in = ByteBuffer.allocate(4096);
            int wanted = tcp ? -1 : 0;
            do {
                if (client.read(in) < 0) {
                    return;
                }
                if (tcp && wanted < 0 && in.position() >= 2) {
                    wanted = 2 + ((in.get(0) & 0xff) << 8 | (in.get(1) & 0xff));
                }
            } while (tcp && (wanted < 0 || in.position() < wanted));
            int offset = tcp ? 2 : 0;
            byte[] query = new byte[in.position() - offset];
            in.flip().position(offset);
            in.get(query);
            queries.incrementAndGet();
            byte[] reply = FakeDns.reply(query, query.length, this::lookup, positiveTtl.toSeconds());
            if (reply == null) {
                return;
            }
            LocalPods.sleep(delay);
            ByteBuffer out = ByteBuffer.allocate(reply.length + offset);
            if (tcp) {
                out.putShort((short) reply.length);
            }
            out.put(reply).flip();
            while (out.hasRemaining()) {
                client.write(out);
            }
        } catch (IOException | RuntimeException e) {
            // a client that went away or a malformed question: the resolver times out and retries
        }
    }

    /** The cached answer while it lives, else the current one (cached anew); null for NXDOMAIN. */
    private String lookup(String name) {
        long now = System.nanoTime();
        return cache.compute(name.toLowerCase(Locale.ROOT), (k, old) -> old != null && old.expires - now > 0 ? old
                : new Cached(names.get(k), now + (names.containsKey(k) ? positiveTtl : negativeTtl).toNanos())).ip;
    }

    private record Cached(String ip, long expires) {
    }

    private static Process relay(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        for (Process relay : relays) {
            relay.descendants().forEach(ProcessHandle::destroyForcibly);
            relay.destroyForcibly();
        }
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
    }
}
