package org.redischart.chartgen.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Figure 3: {@code redis-benchmark} against redis-server running the chart's rendered
 * redis.conf, next to a stock redis-server (built-in defaults) measured in the same rounds.
 * Both require the same password, so AUTH costs them alike.
 */
final class RedisBench {
    private static final double TARGET_RATIO = 0.95;
    private static final List<String> COMMANDS = List.of("SET", "GET");
    static final String EXPORTER = "/usr/bin/prometheus-redis-exporter";

    /** A redis.conf rendered by the chart for one profile. */
    record Config(String name, String redisConf) {
    }

    private final Settings settings;
    private final Processes processes;
    private final Path work;
    private final Engine engine;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    RedisBench(Settings settings, Processes processes, Path work) {
        this(settings, processes, work, Engine.REDIS);
    }

    /** Rows of {@code engine}'s server, stock and rendered (the client stays this machine's redis-benchmark). */
    RedisBench(Settings settings, Processes processes, Path work, Engine engine) {
        this.settings = settings;
        this.processes = processes;
        this.work = work;
        this.engine = engine;
    }

    /** Measures every config against the stock server; {@code targetProfile} carries the ≥ 95% target. */
    void run(List<Config> configs, String targetProfile, Table table) {
        List<RedisServer> servers = new ArrayList<>();
        try {
            servers.add(RedisServer.stock(engine, processes, work.resolve("stock"), freePort(), password));
            for (Config config : configs) {
                try {
                    servers.add(RedisServer.rendered(engine, processes, work.resolve("rendered-" + config.name()), freePort(),
                            password, config.name(), config.redisConf()));
                } catch (RuntimeException e) {
                    COMMANDS.forEach(c -> table.failed(label(c, config.name()), targetOf(config.name(), targetProfile),
                            e.getMessage()));
                }
            }
            measure(servers, targetProfile, table);
        } finally {
            servers.forEach(RedisServer::stop);
        }
        if (engine != Engine.REDIS) {
            return;
        }
        table.note("Redis: `redis-benchmark -q -t set,get --csv -n " + settings.redisRequests() + " -c "
                + settings.redisClients() + " -P 1 -a <password>` on 127.0.0.1, " + settings.redisRounds()
                + " rounds (each runs every server once, the first one rotating); ratio = median of the per-round "
                + "ratios to the stock server. The stock server is `redis-server` with its built-in defaults "
                + "plus `--port --bind 127.0.0.1 --dir --requirepass`: it requires the same password, for "
                + "fairness. The rendered redis.conf is used as is except `bind`, `port` and `dir`; the "
                + "password comes from `--requirepass` (the pod sets the same requirepass through a file it includes).");
    }

    private void measure(List<RedisServer> servers, String targetProfile, Table table) {
        Map<String, Map<String, List<Double>>> rates = new LinkedHashMap<>();
        for (RedisServer server : servers) {
            Map<String, List<Double>> byCommand = new LinkedHashMap<>();
            COMMANDS.forEach(c -> byCommand.put(c, new ArrayList<>()));
            rates.put(server.name(), byCommand);
        }
        for (int round = 0; round < settings.redisRounds(); round++) {
            for (int k = 0; k < servers.size(); k++) {
                RedisServer server = servers.get((round + k) % servers.size());
                Map<String, Double> result = benchmark(server);
                COMMANDS.forEach(c -> rates.get(server.name()).get(c).add(result.get(c)));
            }
        }
        for (String command : COMMANDS) {
            Samples stock = new Samples(rates.get(RedisServer.STOCK).get(command));
            table.rate(label(command, RedisServer.STOCK), stock, Target.none(), null, null, null,
                    "built-in defaults, with password");
            for (RedisServer server : servers.subList(1, servers.size())) {
                List<Double> mine = rates.get(server.name()).get(command);
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < mine.size(); i++) {
                    ratios.add(mine.get(i) / rates.get(RedisServer.STOCK).get(command).get(i));
                }
                table.rate(label(command, server.name()), new Samples(mine), targetOf(server.name(), targetProfile),
                        "stock", stock, new Samples(ratios).median(), "rendered redis.conf");
            }
        }
    }

    /**
     * Redis throughput with the chart's exporter scraping it every second against the same
     * rendered redis.conf without one (alternated rounds); target ≥ 0.95×. {@code exporterArgs}
     * are the rendered metrics container's arguments; the exporter is Debian's redis_exporter.
     */
    void runWithExporter(Config config, List<String> exporterArgs, Table table) {
        List<RedisServer> servers = new ArrayList<>();
        Process exporter = null;
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger scrapes = new AtomicInteger();
        AtomicInteger up = new AtomicInteger();
        try {
            servers.add(RedisServer.rendered(processes, work.resolve("no-exporter"), freePort(), password, "no exporter",
                    config.redisConf()));
            RedisServer scraped = RedisServer.rendered(processes, work.resolve("exporter"), freePort(), password,
                    "exporter", config.redisConf());
            servers.add(scraped);
            String listen = RedisServer.HOST + ":" + freePort();
            List<String> command = new ArrayList<>(List.of(EXPORTER));
            for (String arg : exporterArgs) {
                command.add(arg.startsWith("--web.listen-address=") ? "--web.listen-address=" + listen
                        : arg.startsWith("--redis.addr=") ? "--redis.addr=redis://" + RedisServer.HOST + ":" + scraped.port() : arg);
            }
            exporter = processes.start(command, Map.of("REDIS_PASSWORD", password), work, work.resolve("exporter.log"));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://" + listen + "/metrics")).timeout(Duration.ofSeconds(5)).build();
            scraper.scheduleAtFixedRate(() -> {
                try {
                    String body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
                    scrapes.incrementAndGet();
                    if (body.contains("\nredis_up 1\n")) {
                        up.incrementAndGet();
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    // counted as a failed scrape
                }
            }, 1, 1, TimeUnit.SECONDS);
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (RedisServer server : servers) {
                rates.put(server.name() + " SET", new ArrayList<>());
                rates.put(server.name() + " GET", new ArrayList<>());
            }
            for (int round = 0; round < exporterRounds(); round++) {
                for (int k = 0; k < servers.size(); k++) {
                    RedisServer server = servers.get((round + k) % servers.size());
                    Map<String, Double> result = benchmark(server, exporterRequests());
                    COMMANDS.forEach(c -> rates.get(server.name() + " " + c).add(result.get(c)));
                }
            }
            for (String command2 : COMMANDS) {
                List<Double> without = rates.get("no exporter " + command2);
                List<Double> with = rates.get("exporter " + command2);
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < with.size(); i++) {
                    ratios.add(with.get(i) / without.get(i));
                }
                table.rate("redis " + command2 + ", conf `" + config.name() + "` + exporter scraped every 1 s", new Samples(with),
                        Target.ratioAtLeast(TARGET_RATIO), "no exporter", new Samples(without), new Samples(ratios).median(),
                        "same rendered redis.conf");
            }
        } catch (RuntimeException e) {
            COMMANDS.forEach(c -> table.failed("redis " + c + ", with exporter", Target.ratioAtLeast(TARGET_RATIO), e.getMessage()));
        } finally {
            scraper.shutdownNow();
            if (exporter != null) {
                processes.stop(exporter);
            }
            servers.forEach(RedisServer::stop);
        }
        table.note("Exporter: Debian's redis_exporter (`" + EXPORTER + "`, the program of the chart's image) with the "
                + "rendered arguments of bench/metrics.yaml and the password in REDIS_PASSWORD, scraped every second "
                + "during the rounds (" + scrapes.get() + " scrapes, " + up.get() + " with redis_up 1); both servers run the "
                + "same rendered redis.conf; " + exporterRounds() + " rounds of `-n " + exporterRequests() + "` (runs of a "
                + "few seconds, so each spans scrapes); ratio = median of the per-round ratios.");
    }

    /** Ten times the requests of the other rows, so that a run lasts seconds and spans scrapes. */
    private int exporterRequests() {
        return settings.redisRequests() * 10;
    }

    private int exporterRounds() {
        return Math.max(2, settings.redisRounds() / 2);
    }

    private Map<String, Double> benchmark(RedisServer server) {
        return benchmark(server, settings.redisRequests());
    }

    private Map<String, Double> benchmark(RedisServer server, int requests) {
        String csv = processes.run(List.of("redis-benchmark", "-h", RedisServer.HOST, "-p",
                Integer.toString(server.port()), "-a", password, "-n", Integer.toString(requests),
                "-c", Integer.toString(settings.redisClients()), "-P", "1", "-t", "set,get", "--csv", "-q"),
                work, 300);
        return rates(csv, server.name());
    }

    /** The SET and GET requests per second of redis-benchmark's --csv output. */
    static Map<String, Double> rates(String csv, String server) {
        Map<String, Double> rps = new LinkedHashMap<>();
        for (String line : csv.lines().toList()) {
            String[] cells = line.replace("\"", "").split(",");
            if (cells.length >= 2 && COMMANDS.contains(cells[0])) {
                rps.put(cells[0], Double.parseDouble(cells[1]));
            }
        }
        if (!rps.keySet().containsAll(COMMANDS)) {
            throw new IllegalStateException("redis-benchmark printed no SET/GET rates for " + server + ": " + csv.strip());
        }
        return rps;
    }

    private String label(String command, String server) {
        return server.equals(RedisServer.STOCK)
                ? engine.name() + " " + command + ", stock " + engine.server() + " (reference)"
                : engine.name() + " " + command + ", rendered conf `" + server + "`";
    }

    private static Target targetOf(String profile, String targetProfile) {
        return profile.equals(targetProfile) ? Target.ratioAtLeast(TARGET_RATIO) : Target.none();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
