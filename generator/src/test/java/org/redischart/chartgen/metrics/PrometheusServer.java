package org.redischart.chartgen.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.redischart.chartgen.testing.ServedProcess;

/**
 * A real Prometheus (Debian's package) on a loopback address, with a configuration the test
 * writes; {@link #close} kills it even after a failed test.
 */
final class PrometheusServer implements AutoCloseable {
    static final String BINARY = "/usr/bin/prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServedProcess served;

    private PrometheusServer(ServedProcess served) {
        this.served = served;
    }

    /** Starts Prometheus with {@code config} (in {@code dir}, beside its rule files) and waits until it is ready. */
    static PrometheusServer start(Path dir, Path config, String address) {
        List<String> command = List.of(BINARY, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=" + address, "--log.level=warn");
        return new PrometheusServer(ServedProcess.start("prometheus", command, null, dir, address, "/-/ready",
                Duration.ofSeconds(30)));
    }

    /** GET an API path, parsed. */
    JsonNode api(String path) {
        try {
            return JSON.readTree(served.get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + ": not JSON", e);
        }
    }

    /** The instant vector of a PromQL query. */
    JsonNode query(String promql) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).at("/data/result");
    }

    /** The alert named {@code name}, or null when Prometheus lists none (inactive). */
    JsonNode alert(String name) {
        for (JsonNode alert : api("/api/v1/alerts").at("/data/alerts")) {
            if (name.equals(alert.at("/labels/alertname").asText())) {
                return alert;
            }
        }
        return null;
    }

    /** The state of an alert ("inactive" when Prometheus lists none of that name). */
    String alertState(String name) {
        JsonNode alert = alert(name);
        return alert == null ? "inactive" : alert.path("state").asText();
    }

    String log() {
        return served.log();
    }

    @Override
    public void close() {
        served.close();
    }
}
