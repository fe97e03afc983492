package org.redischart.chartgen.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/** One redis-server (or the server of another {@link Engine}) on 127.0.0.1 for the bench, started and ready to answer an authenticated PING. */
record RedisServer(String name, int port, Process process, Path log, Processes processes) {
    static final String STOCK = "stock";
    static final String HOST = "127.0.0.1";

    static RedisServer stock(Processes processes, Path dir, int port, String password) {
        return stock(Engine.REDIS, processes, dir, port, password);
    }

    static RedisServer stock(Engine engine, Processes processes, Path dir, int port, String password) {
        Path data = dir.resolve("data");
        RedisBench.createDirectories(data);
        return start(STOCK, processes, dir, port, password, engine.command(List.of("--port", Integer.toString(port),
                "--bind", HOST, "--dir", data.toString(), "--requirepass", password)));
    }

    static RedisServer rendered(Processes processes, Path dir, int port, String password, String name,
            String redisConf) {
        return rendered(Engine.REDIS, processes, dir, port, password, name, redisConf);
    }

    static RedisServer rendered(Engine engine, Processes processes, Path dir, int port, String password, String name,
            String redisConf) {
        Path data = dir.resolve("data");
        RedisBench.createDirectories(data);
        Path conf = dir.resolve("redis.conf");
        try {
            Files.writeString(conf, localized(redisConf, port, data));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + conf, e);
        }
        return start(name, processes, dir, port, password, engine.command(List.of(conf.toString(),
                "--requirepass", password)));
    }

    /** The chart's redis.conf with only what ties it to the pod changed: addresses, port and data dir. */
    static String localized(String redisConf, int port, Path data) {
        return redisConf.lines().map(line -> {
            String directive = line.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            return switch (directive) {
                case "bind" -> "bind " + HOST;
                case "port" -> "port " + port;
                case "dir" -> "dir " + data;
                default -> line;
            };
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    private static RedisServer start(String name, Processes processes, Path dir, int port, String password,
            List<String> command) {
        Path log = dir.resolve("redis.log");
        RedisServer server = new RedisServer(name, port, processes.start(command, dir, log), log, processes);
        try {
            server.awaitReady(password);
            return server;
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    private void awaitReady(String password) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server (" + name + ") exited " + process.exitValue() + ": "
                        + lastLines());
            }
            try (Jedis jedis = new Jedis(HOST, port)) {
                jedis.auth(password);
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep();
        }
        throw new IllegalStateException("redis-server (" + name + ") not ready on port " + port + ": " + last);
    }

    /** redis-server explains a bad config over its last few lines. */
    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)"
                    : String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    void stop() {
        processes.stop(process);
    }
}
