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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code prometheus-redis-exporter} (the program of the oliver006/redis_exporter
 * image) started with the arguments and environment a rendered pod gives its {@code metrics}
 * container: the pod's 127.0.0.1 becomes the pod's loopback address, as for Redis. Returns
 * once {@code /health} answers; {@link #close} kills it even after a failed test.
 */
public final class ExporterProcess implements AutoCloseable {
    public static final String BINARY = "/usr/bin/prometheus-redis-exporter";
    private static final Duration READY = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final String address;
    private final Path log;

    private ExporterProcess(Process process, String address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts the pod's metrics container; {@code env} overrides (e.g. a wrong password) win over the rendered ones. */
    public static ExporterProcess start(RenderedPod pod, Map<String, String> envOverrides) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        String listen = null;
        for (String arg : pod.command("metrics")) {
            String local = arg.replace("127.0.0.1", pod.ip());
            if (local.startsWith("--web.listen-address=:")) {
                local = "--web.listen-address=" + pod.ip() + local.substring("--web.listen-address=".length());
            }
            if (local.startsWith("--web.listen-address=")) {
                listen = local.substring("--web.listen-address=".length());
            }
            command.add(local);
        }
        if (listen == null) {
            throw new AssertionError("the metrics container has no --web.listen-address: " + command);
        }
        Map<String, String> env = new LinkedHashMap<>(pod.env("metrics"));
        env.putAll(envOverrides);
        Path log = pod.volume("tmp").resolve("metrics.log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            builder.environment().putAll(env);
            ExporterProcess exporter = new ExporterProcess(builder.start(), listen, log);
            try {
                exporter.awaitHealth();
            } catch (RuntimeException | Error e) {
                exporter.close();
                throw e;
            }
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** host:port the exporter listens on. */
    public String address() {
        return address;
    }

    /** GET {@code path} (e.g. /metrics, /health); the status code and body. */
    public Response get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + address + path + ": " + e.getMessage() + "\n" + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of {@code /metrics}. */
    public String metrics() {
        return get("/metrics").body();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    private void awaitHealth() {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exporter exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (get("/health").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            LocalPods.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("exporter on " + address + " did not answer /health within " + READY + ":\n" + log());
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

    /** The value of the first sample of metric {@code name}, whatever its labels, in Prometheus text format. */
    public static OptionalDouble sample(String metricsText, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(metricsText);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(2))) : OptionalDouble.empty();
    }

    /** Every metric name with at least one sample. */
    public static java.util.Set<String> names(String metricsText) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(metricsText);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
