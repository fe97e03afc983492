package org.redischart.chartgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.ExporterProcess;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.Jedis;

/**
 * End to end on real processes: a primary and a replica started from the rendered pods, each
 * with its rendered exporter, scraped by a real Prometheus at the ServiceMonitor's interval and
 * evaluating the rendered PrometheusRule. Killing the replica's Redis must fire
 * RedisReplicationBroken within the rule's `for` plus two scrape intervals.
 */
class PrometheusScrapeTest {
    static final String RELEASE = "real";
    static final String FULLNAME = "real-redis";
    static final String PASSWORD = "s3cret-scrape-password";
    static final String ALERT = "RedisReplicationBroken";
    /**
     * Time to observe a state through the HTTP API, polled every 100 ms, and for Prometheus'
     * own rule evaluation to run late on 2 busy cores; the line printed gives the exact figure.
     */
    static final Duration POLL_SLACK = Duration.ofSeconds(5);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD).onRedisImageRoot();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    private final List<AutoCloseable> started = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    @Test
    void killingTheReplicaFiresReplicationBrokenWithinForPlusTwoScrapeIntervals() throws IOException {
        int redisPort = freePort();
        int metricsPort = freePort();
        Manifests manifests = Manifests.parse(helm.render(RELEASE, RepoLayout.testResources().resolve("metrics/scrape-values.yaml"),
                Map.of("auth.password", PASSWORD, "redis.port", redisPort, "metrics.port", metricsPort)));
        JsonNode endpoint = manifests.get("ServiceMonitor", FULLNAME).at("/spec/endpoints/0");
        Duration interval = seconds(endpoint.path("interval").asText());
        JsonNode rule = manifests.get("PrometheusRule", FULLNAME);
        Duration forDuration = null;
        for (JsonNode r : rule.at("/spec/groups/0/rules")) {
            if (ALERT.equals(r.path("alert").asText())) {
                forDuration = seconds(r.path("for").asText());
            }
        }
        assertThat(forDuration).as(ALERT + " rendered").isNotNull();

        String block = loopbackBlock();
        Map<String, String> hosts = Map.of(FULLNAME + "-primary-0." + FULLNAME + "-primary-headless.default.svc.cluster.local", block + 1);
        RenderedPod primaryPod = RenderedPod.of(manifests, FULLNAME + "-primary", 0, block + 1, PASSWORD, work, hosts);
        RenderedPod replicaPod = RenderedPod.of(manifests, FULLNAME + "-replica", 0, block + 2, PASSWORD, work, hosts);
        // Prometheus first: it applies new targets only every 5 s, which the pods' start overlaps.
        Promtool.writeRuleFile(rule, work.resolve("rules.yaml"));
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, Promtool.YAML.writeValueAsString(prometheusConfig(interval, endpoint,
                Map.of(primaryPod.name(), primaryPod.ip() + ":" + metricsPort, replicaPod.name(), replicaPod.ip() + ":" + metricsPort))));
        PrometheusServer prometheus = track(PrometheusServer.start(work, config, block + 10 + ":" + freePort()));
        long ready = System.nanoTime();
        RedisProcess primary = pods.start(primaryPod, "redis", redisPort);
        RedisProcess replica = pods.start(replicaPod, "redis", redisPort);
        try (Jedis jedis = primary.connect()) {
            jedis.set("key", "value");
            assertThat(jedis.waitReplicas(1, 10_000)).isEqualTo(1);
        }
        ExporterProcess primaryExporter = track(ExporterProcess.start(primaryPod, Map.of()));
        ExporterProcess replicaExporter = track(ExporterProcess.start(replicaPod, Map.of()));
        assertThat(List.of(primaryExporter.address(), replicaExporter.address()))
                .containsExactly(primaryPod.ip() + ":" + metricsPort, replicaPod.ip() + ":" + metricsPort);

        await("both exporters scraped with redis_up 1 and the primary seeing its replica", Duration.ofSeconds(30), prometheus,
                () -> prometheus.query("redis_up == 1").size() == 2
                        && prometheus.query("redis_connected_slaves{pod=\"" + primaryPod.name() + "\"} == 1").size() == 1);
        long scraped = System.nanoTime();
        LocalPods.sleep(interval.multipliedBy(2));
        assertThat(prometheus.alertState(ALERT)).as("before the replica dies").isEqualTo("inactive");

        long killed = System.nanoTime();
        replica.kill();
        Duration bound = forDuration.plus(interval.multipliedBy(2));
        await(ALERT + " firing", bound.plus(Duration.ofSeconds(20)), prometheus, () -> "firing".equals(prometheus.alertState(ALERT)));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - killed);

        System.out.printf("metrics: both targets scraped %d ms after Prometheus was ready%n", (scraped - ready) / 1_000_000);
        System.out.printf("metrics: %s firing %d ms after the replica's Redis was killed (for %s + 2 scrape intervals of %s = %d ms, "
                + "+ %d ms to poll the API)%n", ALERT, elapsed.toMillis(), forDuration, interval, bound.toMillis(), POLL_SLACK.toMillis());
        assertThat(elapsed).isLessThanOrEqualTo(bound.plus(POLL_SLACK));
        JsonNode alert = prometheus.alert(ALERT);
        assertThat(alert.at("/labels/pod").asText()).isEqualTo(primaryPod.name());
        assertThat(alert.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(alert.at("/annotations/summary").asText()).isEqualTo("The Redis primary " + primaryPod.name() + " misses replicas");
    }

    /** A scrape job as prometheus-operator builds it from the ServiceMonitor: its interval, path and the pod labels. */
    private static Map<String, Object> prometheusConfig(Duration interval, JsonNode endpoint, Map<String, String> targets) {
        List<Map<String, Object>> staticConfigs = new ArrayList<>();
        targets.forEach((pod, address) -> staticConfigs.add(Map.of("targets", List.of(address),
                "labels", Map.of("namespace", "default", "pod", pod))));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_name", FULLNAME + "-metrics");
        job.put("scrape_interval", endpoint.path("interval").asText());
        job.put("scrape_timeout", endpoint.path("scrapeTimeout").asText());
        job.put("metrics_path", endpoint.path("path").asText());
        job.put("static_configs", staticConfigs);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("global", Map.of("scrape_interval", interval.toSeconds() + "s", "evaluation_interval", interval.toSeconds() + "s"));
        config.put("rule_files", List.of("rules.yaml"));
        config.put("scrape_configs", List.of(job));
        return config;
    }

    private static void await(String what, Duration bound, PrometheusServer prometheus, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            LocalPods.sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("not within " + bound + ": " + what + "\n" + prometheus.log());
    }

    private <T extends AutoCloseable> T track(T process) {
        started.add(process);
        return process;
    }

    private static Duration seconds(String duration) {
        assertThat(duration).matches("[0-9]+s");
        return Duration.ofSeconds(Long.parseLong(duration.substring(0, duration.length() - 1)));
    }
}
