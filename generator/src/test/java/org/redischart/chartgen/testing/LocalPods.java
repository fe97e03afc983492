package org.redischart.chartgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redischart.chartgen.testing.pods.ImageRoot;
import org.redischart.chartgen.testing.pods.ImageRoots;
import redis.clients.jedis.HostAndPort;

/**
 * Runs the containers of rendered pods as local processes on loopback addresses, and kills
 * every one of them after each test. Register it as
 * {@code @RegisterExtension final LocalPods pods = new LocalPods(PASSWORD);}, or
 * {@code new LocalPods(PASSWORD).onRedisImageRoot()} to run them in the Redis 8 image root.
 */
public final class LocalPods implements AfterEachCallback {
    /** "host" runs the suites that chose {@link #onRedisImageRoot} on the host's Redis instead. */
    public static final String PROPERTY = "realredis.redis";

    private final String password;
    private final List<RedisProcess> processes = new ArrayList<>();
    private ImageRoot root;

    public LocalPods(String password) {
        this.password = password;
    }

    /**
     * Containers run chrooted into the Redis 8 root from trixie (as root, like the host's
     * processes; only the server and its userland change), unless {@code -Drealredis.redis=host}.
     * Their files stay where RenderedPod lays them out: /tmp and generator/target are bound in.
     */
    public LocalPods onRedisImageRoot() {
        this.root = redisRoot().orElse(null);
        SuiteBanner.once("local pods run on " + VERSION.computeIfAbsent(root != null, present -> redisVersion()));
        return this;
    }

    private static final Map<Boolean, String> VERSION = new java.util.concurrent.ConcurrentHashMap<>();

    /** The root {@link #onRedisImageRoot} chooses: Redis 8 from trixie, or empty with -Drealredis.redis=host. */
    public static Optional<ImageRoot> redisRoot() {
        String value = System.getProperty(PROPERTY, "redis-trixie");
        return switch (value) {
            case "redis-trixie" -> Optional.of(ImageRoot.redisTrixie());
            case "host" -> Optional.empty();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + ": expected redis-trixie or host, found " + value);
        };
    }

    /** "Redis server v=8.0.2 … (image root …)" or "… (host)": what a suite on {@link #onRedisImageRoot} runs, for its first line. */
    public static String redisVersion() {
        return redisRoot().map(r -> r.run(List.of("redis-server", "--version")).strip() + " (image root "
                + r.path().getFileName() + ")").orElseGet(() -> ImageRoots.redisVersion(Optional.empty()));
    }

    /** {@code command} as this LocalPods runs it: in the root's private mount namespace when there is one. */
    public List<String> command(List<String> command) {
        return command(command, new MountNamespace(Map.of()));
    }

    private List<String> command(List<String> command, MountNamespace namespace) {
        if (root == null) {
            return namespace.wrap(command);
        }
        Path target = RepoLayout.root().resolve("generator/target");
        return namespace.wrap(root.command(Map.of("/tmp", Path.of("/tmp"), target.toString(), target), 0, 0, command));
    }

    /** Starts one container of the pod with its command and environment; waits for an authenticated PING. */
    public RedisProcess start(RenderedPod pod, String container, int port) {
        RedisProcess process = RedisProcess.start(pod.name() + "-" + container, root == null ? pod.command(container)
                : command(pod.command(container)),
                pod.env(container), pod.volume("tmp"), new HostAndPort(pod.ip(), port), password);
        processes.add(process);
        return process;
    }

    /** As {@link #start(RenderedPod, String, int)}, answering PING as {@code user} with {@code password}. */
    public RedisProcess start(RenderedPod pod, String container, int port, String user, String password) {
        RedisProcess process = RedisProcess.start(pod.name() + "-" + container, root == null ? pod.command(container)
                : command(pod.command(container)),
                pod.env(container), pod.volume("tmp"), new HostAndPort(pod.ip(), port), user, password);
        processes.add(process);
        return process;
    }

    /** Kills {@code process} after the test too, like the ones {@link #start} starts. */
    public RedisProcess track(RedisProcess process) {
        processes.add(process);
        return process;
    }

    /**
     * As {@link #start(RenderedPod, String, int)}, in its own mount namespace, so that names in
     * the manifests resolve through the namespace's hosts file instead of being rewritten.
     */
    public RedisProcess start(RenderedPod pod, String container, int port, MountNamespace namespace) {
        return start(pod, container, port, namespace, null);
    }

    /** As {@link #start(RenderedPod, String, int, MountNamespace)}, answering PING as {@code user} (null: the default user). */
    public RedisProcess start(RenderedPod pod, String container, int port, MountNamespace namespace, String user) {
        RedisProcess process = RedisProcess.start(pod.name() + "-" + container, command(pod.command(container), namespace),
                pod.env(container), pod.volume("tmp"), new HostAndPort(pod.ip(), port), user, password);
        processes.add(process);
        return process;
    }

    /** Every process's log, for a failure message. */
    public String logs() {
        return processes.stream().map(p -> "== " + p + "\n" + p.log()).collect(Collectors.joining("\n"));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        processes.forEach(RedisProcess::close);
        processes.clear();
    }

    /** The ports {@link #freePort} handed out in this JVM. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free on every address, so each pod's loopback address can use it, and never one
     * handed out before in this JVM: the kernel may offer a port again as soon as it is closed,
     * and two calls in a row once gave Redis and Sentinel the same port (a busy run).
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port that this JVM has not handed out already (" + HANDED_OUT.size() + " so far)");
    }

    /** "127.x.y." for a random x.y: concurrent runs on one machine get different addresses. */
    public static String loopbackBlock() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + ".";
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
