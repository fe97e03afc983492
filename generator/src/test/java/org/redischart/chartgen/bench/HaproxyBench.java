package org.redischart.chartgen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.redischart.chartgen.testing.FakeDns;
import org.redischart.chartgen.testing.HaproxyProcess;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.MountNamespace;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedPod;
import redis.clients.jedis.Jedis;

/**
 * The HAProxy row: {@code redis-benchmark -t set,get} through the chart's HAProxy (the
 * rendered haproxy.cfg of bench/haproxy.yaml, checks and all, run by Debian's haproxy) against
 * the same Redis primary directly, alternated rounds. The sentinel release runs as in
 * {@code HaproxyWriteServiceTest}: the node pods' rendered start scripts on loopback addresses
 * of a random 127.x.y block, the pods' DNS names resolved through a hosts file and a DNS
 * server in each process's mount namespace. All three nodes run (Redis and Sentinel): HAProxy's
 * write check asks the Sentinels, and the chart's min-replicas-to-write needs replicas. The ratio is
 * the cost of the extra TCP hop; HAProxy, Redis and redis-benchmark share this machine's cores.
 */
final class HaproxyBench {
    private static final List<String> COMMANDS = List.of("SET", "GET");
    private static final String FULLNAME = HelmBench.RELEASE + "-redis";
    private static final String DEPLOYMENT = FULLNAME + "-haproxy";
    private static final int NODES = 3;
    private static final String LOCALHOST = "127.0.0.1";

    private final Settings settings;
    private final Processes processes;
    private final Path work;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    HaproxyBench(Settings settings, Processes processes, Path work) {
        this.settings = settings;
        this.processes = processes;
        this.work = work;
    }

    /** Runs only this row: {@code make bench MVN="mvn -B -ntp -Dbench.main=org.redischart.chartgen.bench.HaproxyBench"}. */
    public static void main(String[] args) throws IOException {
        Bench.runAlone("haproxy", (settings, processes, work, table) -> new HaproxyBench(settings, processes, work).run(table));
    }

    void run(Table table) {
        Path values = settings.scenarios().resolve("haproxy.yaml");
        List<RedisProcess> pods = new ArrayList<>();
        // Started through the test harness, not Processes: ended in finally, and on Ctrl-C by this hook.
        List<AutoCloseable> running = new CopyOnWriteArrayList<>();
        Thread reaper = new Thread(() -> closeAll(running), "haproxy-bench-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            if (!new org.redischart.chartgen.schema.ValuesFileValidator().validate(List.of(values), settings.chart()).isEmpty()) {
                table.note("No HAProxy row: the chart's values.schema.json refuses bench/haproxy.yaml.");
                return;
            }
            Manifests manifests = render(values);
            String block = LocalPods.loopbackBlock();
            Map<String, String> names = new LinkedHashMap<>();
            for (int i = 0; i < NODES; i++) {
                names.put(FULLNAME + "-node-" + i + "." + FULLNAME + "-node-headless.default.svc.cluster.local", block + (i + 1));
            }
            FakeDns dns = new FakeDns(block + "53", names);
            running.add(dns);
            Map<String, Path> resolution = Map.of("/etc/hosts", file("hosts", FakeDns.hostsFile(names)),
                    "/etc/resolv.conf", file("resolv.conf", dns.resolvConf()));
            MountNamespace namespace = new MountNamespace(resolution);
            LocalPods local = new LocalPods(password);
            List<RenderedPod> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                nodes.add(RenderedPod.of(manifests, FULLNAME + "-node", i, block + (i + 1), password, work, Map.of()));
                pods.add(local.start(nodes.get(i), "sentinel", port(manifests, "sentinel"), namespace));
                running.add(0, pods.get(pods.size() - 1));
            }
            // Sentinels first: a node's Redis starts once a majority of them names the primary. All
            // three Redis: the chart's min-replicas-to-write refuses writes to a primary without replicas.
            for (int i = 0; i < NODES; i++) {
                pods.add(local.start(nodes.get(i), "redis", port(manifests, "redis"), namespace));
                running.add(0, pods.get(pods.size() - 1));
            }
            RedisProcess primary = pods.get(NODES);
            awaitReplicas(primary);
            HaproxyProcess haproxy = HaproxyProcess.start(manifests, DEPLOYMENT, password, work.resolve("haproxy"), resolution);
            running.add(0, haproxy);
            awaitWrites(haproxy);
            measure(haproxy, primary, manifests, table);
        } catch (RuntimeException | AssertionError e) {
            COMMANDS.forEach(c -> table.failed("redis " + c + ", through HAProxy", Target.none(),
                    String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        } finally {
            closeAll(running);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs or has run
            }
        }
    }

    /** HAProxy first, then Redis and Sentinels, then the DNS server (newest first). */
    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable resource : running) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("bench: cannot stop " + resource + ": " + e.getMessage());
            }
        }
        running.clear();
    }

    /**
     * bench/haproxy.yaml with free ports and the bench's password ({@link HaproxyProcess} moves
     * the rendered binds onto 127.0.0.1, so nothing listens outside loopback).
     */
    private Manifests render(Path values) {
        Manifests manifests;
        try (KubeApiServer ignored = new KubeApiServer()) {
            manifests = Manifests.parse(new HelmRenderer(settings.chart()).render(HelmBench.RELEASE, values, Map.of(
                    "auth.password", password, "redis.port", LocalPods.freePort(), "sentinel.port", LocalPods.freePort(),
                    "haproxy.port", LocalPods.freePort(), "haproxy.healthPort", LocalPods.freePort())));
        }
        return manifests;
    }

    /** Both replicas in sync with the primary before the rounds, so each round replicates alike. */
    private static void awaitReplicas(RedisProcess primary) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String info = "";
        while (System.nanoTime() < deadline) {
            try (Jedis jedis = primary.connect()) {
                info = jedis.info("replication");
                if (info.contains("role:master") && info.contains("connected_slaves:" + (NODES - 1))
                        && info.lines().filter(l -> l.startsWith("slave")).allMatch(l -> l.contains("state=online"))) {
                    return;
                }
            } catch (RuntimeException e) {
                info = e.getMessage();
            }
            LocalPods.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("node 0 has not " + (NODES - 1) + " online replicas within 30 s: "
                + String.join(" ", info.lines().toList()));
    }

    /** HAProxy takes writes once its checks found the primary and the Sentinels naming it. */
    private void awaitWrites(HaproxyProcess haproxy) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = cli(haproxy.port("redis"), "SET", "bench:probe", "1").strip();
                if (last.equals("OK")) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            LocalPods.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("HAProxy took no write within 30 s (" + last + "); node-0: "
                + haproxy.serverState("node-0", "redis") + "; haproxy log: " + haproxy.log().strip());
    }

    private void measure(HaproxyProcess haproxy, RedisProcess primary, Manifests manifests, Table table) {
        int proxyPort = haproxy.port("redis");
        Map<String, List<Double>> direct = new LinkedHashMap<>();
        Map<String, List<Double>> proxied = new LinkedHashMap<>();
        COMMANDS.forEach(c -> {
            direct.put(c, new ArrayList<>());
            proxied.put(c, new ArrayList<>());
        });
        for (int round = 0; round < settings.redisRounds(); round++) {
            boolean directFirst = round % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean isDirect = (k == 0) == directFirst;
                Map<String, Double> r = isDirect
                        ? benchmark(primary.address().getHost(), primary.address().getPort(), "primary directly")
                        : benchmark(LOCALHOST, proxyPort, "HAProxy");
                COMMANDS.forEach(c -> (isDirect ? direct : proxied).get(c).add(r.get(c)));
            }
        }
        if (!haproxy.serverState("node-0", "redis").startsWith("UP")) {
            throw new IllegalStateException("HAProxy's check took the primary out during the rounds: "
                    + haproxy.serverState("node-0", "redis"));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        String threads = manifests.get("ConfigMap", DEPLOYMENT).path("data").path("haproxy.cfg").asText().lines()
                .filter(l -> l.strip().startsWith("nbthread ")).map(l -> l.strip().substring("nbthread ".length()))
                .findFirst().orElse("?");
        for (String c : COMMANDS) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < proxied.get(c).size(); i++) {
                ratios.add(proxied.get(c).get(i) / direct.get(c).get(i));
            }
            table.rate("redis " + c + ", through HAProxy (`haproxy`)", new Samples(proxied.get(c)), Target.none(),
                    "same primary directly", new Samples(direct.get(c)), new Samples(ratios).median(),
                    "rendered haproxy.cfg (nbthread " + threads + "), one TCP hop more, on " + cores + " CPUs");
        }
        table.note("HAProxy: `redis-benchmark -t set,get -n " + settings.redisRequests() + " -c " + settings.redisClients()
                + "` through the rendered haproxy.cfg of bench/haproxy.yaml (Debian's haproxy "
                + "with the rendered command and environment, checks every second against the " + NODES + " Redis and "
                + NODES + " Sentinels of the rendered node pods; binds moved from every address to 127.0.0.1) and "
                + "against the same primary (node 0, with its 2 replicas) directly, " + settings.redisRounds() + " alternated rounds; ratio = "
                + "median of the per-round ratios. Reported, no target: a TCP proxy adds a hop that costs a proxy "
                + "process's CPU per request, which on " + cores + " CPUs shared by redis-server, HAProxy and "
                + "redis-benchmark comes out of Redis's throughput.");
    }

    private Map<String, Double> benchmark(String host, int port, String name) {
        return RedisBench.rates(processes.run(List.of("redis-benchmark", "-h", host, "-p", Integer.toString(port),
                "-a", password, "-n", Integer.toString(settings.redisRequests()), "-c", Integer.toString(settings.redisClients()),
                "-P", "1", "-t", "set,get", "--csv", "-q"), work, 300), name);
    }

    private String cli(int port, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", LOCALHOST, "-p", Integer.toString(port),
                "--no-auth-warning", "-a", password));
        line.addAll(List.of(command));
        return processes.run(line, work, 10);
    }

    /** A container port of the node StatefulSet, as rendered. */
    private static int port(Manifests manifests, String name) {
        for (JsonNode container : manifests.get("StatefulSet", FULLNAME + "-node").at("/spec/template/spec/containers")) {
            for (JsonNode port : container.path("ports")) {
                if (name.equals(port.path("name").asText())) {
                    return port.path("containerPort").asInt();
                }
            }
        }
        throw new IllegalStateException("the node StatefulSet has no container port " + name);
    }

    private Path file(String name, String text) {
        try {
            return Files.writeString(work.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
