package org.redischart.chartgen.bench;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import redis.clients.jedis.Jedis;

/**
 * Figure 4: {@code redis-benchmark --cluster} SET/GET on a 3-shard Redis Cluster (3
 * primaries, the chart's rendered cluster redis.conf) against one standalone node of the
 * same size (the chart's default redis.conf), on 127.0.0.1. The ratio is how much the
 * shards scale throughput; every node shares this machine's cores, so it is bounded by them.
 */
final class ClusterBench {
    private static final List<String> COMMANDS = List.of("SET", "GET");
    private static final int SHARDS = 3;
    /** In cluster mode redis-benchmark spends a fixed setup per run: short runs measure only that. */
    private static final int MIN_REQUESTS = 50_000;

    private final Settings settings;
    private final Processes processes;
    private final Path work;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    ClusterBench(Settings settings, Processes processes, Path work) {
        this.settings = settings;
        this.processes = processes;
        this.work = work;
    }

    void run(Table table) {
        String clusterConf;
        String standaloneConf;
        try (KubeApiServer ignored = new KubeApiServer()) {
            HelmRenderer renderer = new HelmRenderer(settings.chart());
            String configMap = HelmBench.RELEASE + "-redis";
            clusterConf = Manifests.parse(renderer.render(HelmBench.RELEASE, null, Map.of("architecture", "cluster")))
                    .redisConf(configMap);
            standaloneConf = Manifests.parse(renderer.render(HelmBench.RELEASE, null)).redisConf(configMap);
        }
        List<RedisServer> servers = new ArrayList<>();
        try {
            RedisServer standalone = RedisServer.rendered(processes, dir("standalone"), RedisBench.freePort(), password,
                    "standalone", standaloneConf);
            servers.add(standalone);
            List<RedisServer> shards = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                Path dir = dir("shard-" + i);
                // The pod's claim path becomes the shard's directory, its bus port a free one (the
                // shards share one address), the pod's name localhost.
                int bus = RedisBench.freePort();
                String conf = clusterConf.lines().map(line -> line.startsWith("cluster-config-file")
                        ? "cluster-config-file " + dir.resolve("nodes.conf")
                        : line.startsWith("cluster-port") ? "cluster-port " + bus : line)
                        .collect(Collectors.joining("\n", "", "\ncluster-announce-hostname localhost\n"));
                shards.add(RedisServer.rendered(processes, dir, RedisBench.freePort(), password, "shard-" + i, conf));
            }
            servers.addAll(shards);
            List<String> create = new ArrayList<>(List.of("redis-cli", "-a", password, "--no-auth-warning", "--cluster", "create"));
            shards.forEach(s -> create.add(RedisServer.HOST + ":" + s.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            processes.run(create, work, 60);
            awaitClusterOk(shards.get(0));
            measure(standalone, shards.get(0), table);
        } finally {
            servers.forEach(RedisServer::stop);
        }
    }

    private void measure(RedisServer standalone, RedisServer seed, Table table) {
        Map<String, List<Double>> single = new LinkedHashMap<>();
        Map<String, List<Double>> cluster = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        COMMANDS.forEach(c -> {
            single.put(c, new ArrayList<>());
            cluster.put(c, new ArrayList<>());
            ratios.put(c, new ArrayList<>());
        });
        int rounds = Math.max(2, settings.redisRounds() / 2);
        for (int round = 0; round < rounds; round++) {
            Map<String, Double> one = benchmark(standalone, false);
            Map<String, Double> three = benchmark(seed, true);
            for (String c : COMMANDS) {
                single.get(c).add(one.get(c));
                cluster.get(c).add(three.get(c));
                ratios.get(c).add(three.get(c) / one.get(c));
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        for (String c : COMMANDS) {
            Samples one = new Samples(single.get(c));
            table.rate("redis " + c + ", one standalone node (reference)", one, Target.none(), null, null, null,
                    "default redis.conf, same size as one shard");
            table.rate("redis " + c + ", cluster of " + SHARDS + " shards", new Samples(cluster.get(c)), Target.none(),
                    "standalone", one, new Samples(ratios.get(c)).median(),
                    "scaling ratio on " + cores + " CPUs (at most about min(" + SHARDS + ", CPUs))");
        }
        table.note("Cluster: `redis-benchmark --cluster -t set,get -r 100000 -n " + requests() + " -c "
                + settings.redisClients() + "` against " + SHARDS + " primaries on 127.0.0.1 with the rendered cluster "
                + "redis.conf (created by `redis-cli --cluster create --cluster-replicas 0`), and the same command "
                + "without --cluster against one standalone node; " + rounds + " rounds, ratio = median of the per-round "
                + "ratios. Every node and redis-benchmark share " + cores + " CPUs, so the ratio measures the "
                + "cluster's overhead and scaling on this machine, not on " + SHARDS + " separate nodes.");
    }

    private Map<String, Double> benchmark(RedisServer server, boolean cluster) {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", RedisServer.HOST, "-p",
                Integer.toString(server.port()), "-a", password, "-r", "100000", "-n",
                Integer.toString(requests()), "-c", Integer.toString(settings.redisClients()),
                "-t", "set,get", "--csv", "-q"));
        if (cluster) {
            command.add("--cluster");
        }
        return RedisBench.rates(processes.run(command, work, 300), server.name());
    }

    private int requests() {
        return Math.max(MIN_REQUESTS, settings.redisRequests());
    }

    private void awaitClusterOk(RedisServer seed) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Jedis jedis = new Jedis(RedisServer.HOST, seed.port())) {
                jedis.auth(password);
                if (jedis.clusterInfo().contains("cluster_state:ok")) {
                    return;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("the bench cluster did not reach cluster_state:ok in 30 s");
    }

    private Path dir(String name) {
        Path dir = work.resolve(name);
        RedisBench.createDirectories(dir);
        return dir;
    }
}
