package org.redischart.chartgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local process that serves HTTP on a loopback address (an exporter, Prometheus), logging
 * to a file. {@link #start} returns once a path answers 200; {@link #close} kills it, even
 * after a failed test.
 */
public final class ServedProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final String address;
    private final Path log;

    private ServedProcess(String name, Process process, String address, Path log) {
        this.name = name;
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code dir}; {@code env} replaces the environment (null keeps the
     * test's); waits up to {@code bound} for {@code readyPath} on {@code address} to answer 200.
     */
    public static ServedProcess start(String name, List<String> command, Map<String, String> env, Path dir, String address,
            String readyPath, Duration bound) {
        Path log = dir.resolve(name + ".log");
        try {
            Files.createDirectories(dir);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (env != null) {
                builder.environment().clear();
                builder.environment().put("PATH", "/usr/bin:/bin");
                builder.environment().putAll(env);
            }
            ServedProcess served = new ServedProcess(name, builder.start(), address, log);
            try {
                served.awaitOk(readyPath, bound);
            } catch (RuntimeException | Error e) {
                served.close();
                throw e;
            }
            return served;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** host:port it listens on. */
    public String address() {
        return address;
    }

    /** GET {@code path}: the status code and body. */
    public Response get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": GET " + address + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    private void awaitOk(String path, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (get(path).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            LocalPods.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException(name + " on " + address + " did not answer " + path + " within " + bound + ":\n" + log());
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An HTTP answer. */
    public record Response(int status, String body) {
    }
}
