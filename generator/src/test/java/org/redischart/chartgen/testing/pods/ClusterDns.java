package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.redischart.chartgen.testing.FakeDns;

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
 *     dns.prime(pod.dnsName());         // cache its address now: served for the TTL after the pod moves
 *     dns.flush();                      // forget cached answers, as a CoreDNS restart does
 * }
 * }</pre>
 * The TTLs and the delay may be changed at any time; {@link #queries()} counts the questions.
 * Inside, a {@link DnsRelay} JVM in the DNS namespace hands each question to this JVM over a
 * Unix socket, so the host namespace listens on nothing.
 */
public final class ClusterDns implements AutoCloseable {
    static final int HOST = 3;

    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "cluster-dns-answer");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocketChannel server;
    private Process relay;
    private SocketChannel toRelay;
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

    /**
     * Answers {@code name} as if a pod asked now, so its current address (or not-found) is
     * what the cache serves for the next TTL: a test primes a name before moving its pod.
     */
    public String prime(String name) {
        return lookup(name);
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

    /** Starts serving on host {@link #HOST} of {@code network} in namespace {@code ns}; its socket under {@code dir}. */
    void start(PodNetwork network, String ns, Path dir) {
        address = network.address(HOST);
        Path socket = dir.resolve("dns.sock");
        try {
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classes = Path.of(DnsRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            relay = new ProcessBuilder("ip", "netns", "exec", ns, java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xmx32m", "-cp", classes, DnsRelay.class.getName(), address, socket.toString())
                    .redirectErrorStream(true).start();
            relay.getOutputStream().close();
            var output = new java.io.BufferedReader(new java.io.InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
            SocketChannel channel = server.accept(); // the relay connects first, then listens on port 53
            String line = output.readLine();
            if (!"listening".equals(line)) {
                throw new IllegalStateException("the cluster DNS relay in " + ns + " did not start: " + line);
            }
            toRelay = channel;
            Thread reader = new Thread(this::serve, "cluster-dns");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot start the cluster DNS in " + ns, e);
        }
    }

    /** Answers each question the relay passes on, each after the delay, without holding up the others. */
    private void serve() {
        try {
            while (true) {
                ByteBuffer header = DnsRelay.read(toRelay, 6);
                int tag = header.getInt();
                byte[] query = DnsRelay.read(toRelay, header.getShort() & 0xffff).array();
                queries.incrementAndGet();
                byte[] reply = FakeDns.reply(query, query.length, this::lookup, positiveTtl.toSeconds());
                if (reply != null) {
                    answers.schedule(() -> send(tag, reply), delay.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the relay ended (close) or sent garbage: no more answers
        }
    }

    private void send(int tag, byte[] reply) {
        try {
            DnsRelay.write(toRelay, tag, reply);
        } catch (IOException e) {
            // the relay ended: the resolver times out
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

    @Override
    public void close() {
        answers.shutdownNow();
        if (relay != null) {
            relay.destroyForcibly();
            try {
                relay.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
