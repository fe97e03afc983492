package org.redischart.chartgen.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.redischart.chartgen.testing.LocalPods;

/**
 * A real Prometheus (Debian's package) on a loopback address, with a configuration the test
 * writes; {@link #close} kills it even after a failed test.
 */
final class PrometheusServer implements AutoCloseable {
    static final String BINARY = "/usr/bin/prometheus";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String address;
    private final Path log;

    private PrometheusServer(Process process, String address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts Prometheus with {@code config} (in {@code dir}, beside its rule files) and waits until it is ready. */
    static PrometheusServer start(Path dir, Path config, String address) {
        Path log = dir.resolve("prometheus.log");
        List<String> command = List.of(BINARY, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=" + address, "--log.level=warn");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(process, address, log);
            try {
                server.awaitReady(Duration.ofSeconds(30));
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** GET an API path, parsed. */
    JsonNode api(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The instant vector of a PromQL query. */
    JsonNode query(String promql) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).at("/data/result");
    }

    /** The state of an alert ("inactive" when Prometheus lists none of that name). */
    String alertState(String name) {
        for (JsonNode alert : api("/api/v1/alerts").at("/data/alerts")) {
            if (name.equals(alert.at("/labels/alertname").asText())) {
                return alert.path("state").asText();
            }
        }
        return "inactive";
    }

    JsonNode alert(String name) {
        for (JsonNode alert : api("/api/v1/alerts").at("/data/alerts")) {
            if (name.equals(alert.at("/labels/alertname").asText())) {
                return alert;
            }
        }
        return null;
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    private void awaitReady(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LocalPods.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("prometheus on " + address + " not ready within " + bound + ":\n" + log());
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
}
