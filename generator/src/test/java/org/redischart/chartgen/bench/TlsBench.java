package org.redischart.chartgen.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.pods.TestCertificates;

/**
 * Redis throughput with the chart's TLS redis.conf (bench/tls.yaml) against stock
 * redis-server with TLS on the same certificate (built-in defaults plus the TLS files),
 * alternated rounds of {@code redis-benchmark --tls}; target ≥ 0.95×.
 */
final class TlsBench {
    private static final List<String> COMMANDS = List.of("SET", "GET");

    private final Settings settings;
    private final Processes processes;
    private final Path work;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    TlsBench(Settings settings, Processes processes, Path work) {
        this.settings = settings;
        this.processes = processes;
        this.work = work;
    }

    /** Only this row (the whole table is {@code make bench}): {@code java -cp … TlsBench}. */
    public static void main(String[] args) throws IOException {
        Bench.runAlone("tls", (settings, processes, work, table) -> new TlsBench(settings, processes, work).run(table));
    }

    void run(Table table) {
        Path values = settings.scenarios().resolve("tls.yaml");
        List<Process> servers = new ArrayList<>();
        try {
            String conf;
            try (KubeApiServer ignored = new KubeApiServer()) {
                conf = Manifests.parse(new HelmRenderer(settings.chart()).render(HelmBench.RELEASE, values))
                        .redisConf(HelmBench.RELEASE + "-redis");
            }
            TestCertificates certs = new TestCertificates(work.resolve("certs"));
            Path[] cert = certs.issue("server", 1, List.of("localhost"));
            List<String> tlsFiles = List.of("--tls-cert-file", cert[0].toString(), "--tls-key-file", cert[1].toString(),
                    "--tls-ca-cert-file", certs.ca().toString());
            int stockPort = RedisBench.freePort();
            List<String> stock = new ArrayList<>(List.of("redis-server", "--port", "0", "--tls-port", Integer.toString(stockPort),
                    "--bind", RedisServer.HOST, "--dir", dir("stock").toString(), "--requirepass", password));
            stock.addAll(tlsFiles);
            servers.add(processes.start(stock, work, work.resolve("stock.log")));
            int chartPort = RedisBench.freePort();
            Path chartConf = dir("chart").resolve("redis.conf");
            Files.writeString(chartConf, localized(conf, chartPort, dir("chart"), cert, certs.ca()));
            servers.add(processes.start(List.of("redis-server", chartConf.toString(), "--requirepass", password), work,
                    work.resolve("chart.log")));
            List<String> client = List.of("--tls", "--cacert", certs.ca().toString(), "--cert", cert[0].toString(),
                    "--key", cert[1].toString());
            awaitReady(stockPort, client);
            awaitReady(chartPort, client);

            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (String c : COMMANDS) {
                rates.put("stock " + c, new ArrayList<>());
                rates.put("chart " + c, new ArrayList<>());
            }
            for (int round = 0; round < settings.redisRounds(); round++) {
                List<String> order = round % 2 == 0 ? List.of("stock", "chart") : List.of("chart", "stock");
                for (String name : order) {
                    Map<String, Double> r = benchmark(name.equals("stock") ? stockPort : chartPort, client, name);
                    COMMANDS.forEach(c -> rates.get(name + " " + c).add(r.get(c)));
                }
            }
            for (String c : COMMANDS) {
                List<Double> mine = rates.get("chart " + c);
                List<Double> ref = rates.get("stock " + c);
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < mine.size(); i++) {
                    ratios.add(mine.get(i) / ref.get(i));
                }
                table.rate("redis " + c + ", TLS conf `tls` (cache profile)", new Samples(mine), Target.ratioAtLeast(0.95),
                        "stock TLS", new Samples(ref), new Samples(ratios).median(), "rendered redis.conf with tls-*");
            }
            table.note("TLS: `redis-benchmark --tls` (" + settings.redisRounds() + " alternated rounds, -n "
                    + settings.redisRequests() + ") against the rendered redis.conf of bench/tls.yaml and stock redis-server "
                    + "with the same P-256 certificate (`--port 0 --tls-port …`, built-in defaults otherwise).");
        } catch (IOException | RuntimeException e) {
            COMMANDS.forEach(c -> table.failed("redis " + c + ", TLS", Target.ratioAtLeast(0.95), e.getMessage()));
        } finally {
            servers.forEach(processes::stop);
        }
    }

    /** The chart's redis.conf with what ties it to the pod changed: address, ports, data dir, TLS file paths. */
    private static String localized(String conf, int port, Path data, Path[] cert, Path ca) {
        return conf.lines().map(line -> {
            String directive = line.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            return switch (directive) {
                case "bind" -> "bind " + RedisServer.HOST;
                case "port" -> "port 0";
                case "tls-port" -> "tls-port " + port;
                case "dir" -> "dir " + data;
                case "tls-cert-file" -> "tls-cert-file " + cert[0];
                case "tls-key-file" -> "tls-key-file " + cert[1];
                case "tls-ca-cert-file" -> "tls-ca-cert-file " + ca;
                default -> line;
            };
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    private void awaitReady(int port, List<String> client) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<String> ping = new ArrayList<>(List.of("redis-cli"));
            ping.addAll(client);
            ping.addAll(List.of("-h", RedisServer.HOST, "-p", Integer.toString(port), "--no-auth-warning", "-a", password, "ping"));
            try {
                if (processes.run(ping, work, 5).strip().equals("PONG")) {
                    return;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("redis-server with TLS not ready on port " + port);
    }

    private Map<String, Double> benchmark(int port, List<String> client, String name) {
        List<String> command = new ArrayList<>(List.of("redis-benchmark"));
        command.addAll(client);
        command.addAll(List.of("-h", RedisServer.HOST, "-p", Integer.toString(port), "-a", password,
                "-n", Integer.toString(settings.redisRequests()), "-c", Integer.toString(settings.redisClients()),
                "-P", "1", "-t", "set,get", "--csv", "-q"));
        return RedisBench.rates(processes.run(command, work, 300), name);
    }

    private Path dir(String name) {
        Path dir = work.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
