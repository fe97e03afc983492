package org.redischart.chartgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.Await;
import org.redischart.chartgen.testing.ExporterProcess;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.ImageRoots;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The exporter sidecar as the pods run it, on image roots from trixie: the metrics container
 * of each rendered pod is the exporter 1.69 alone in a scratch-like root (its binary, CA
 * certificates, no shell), started from the image's entrypoint with the rendered arguments,
 * beside Redis 8.0 in the redis root. What ExporterTest asserts against the host's 7.0 and
 * exporter 1.45: the replication, the rendered maxmemory, every metric the alerts use, and,
 * with the default user off, scrapes that leave no NOPERM in the ACL LOG.
 */
class ExporterPodsTest {
    static final String RELEASE = "xp";
    static final String FULLNAME = RELEASE + "-redis";
    static final String PASSWORD = "exporter-pods-password";
    static final String APP_PASSWORD = "app-password-31";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int METRICS_PORT = 9121;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private static final ImageRoots ROOTS = ImageRoots.trixie();

    @BeforeAll
    static void printTheVersionsItRuns() {
        System.out.println("exporter pods: " + ROOTS.redisVersion() + "; " + ROOTS.exporterVersion());
    }

    @Test
    void exportersInTheirRootShowRedis8UpTheRenderedMaxmemoryAndTheReplication() {
        Manifests manifests = render(Map.of("architecture", "replication", "replica.replicaCount", 1));
        try (StatefulSetPods pods = new StatefulSetPods(manifests, PASSWORD, podRoot("replication")).withImageRoots(ROOTS)) {
            Pod primary = pods.addStatefulSet(FULLNAME + "-primary", HelmRenderer.NAMESPACE).get(0);
            Pod replica = pods.addStatefulSet(FULLNAME + "-replica", HelmRenderer.NAMESPACE).get(0);
            primary.start();
            replica.start();
            assertThat(replica.awaitProbe("redis", "readinessProbe", WAIT)).as("replica readiness\n" + pods.logs()).isTrue();
            String[] scraped = {"", ""};
            Await.until(WAIT, Duration.ofMillis(500), "both exporters show their Redis up and the replication", () -> {
                scraped[0] = get(pods, primary, "/metrics").body();
                scraped[1] = get(pods, replica, "/metrics").body();
                return sample(scraped[0], "redis_connected_slaves") == 1.0 && sample(scraped[1], "redis_master_link_up") == 1.0;
            }, () -> pods.logs() + primary.log("metrics"));
            String primaryMetrics = scraped[0];
            String replicaMetrics = scraped[1];
            long maxmemory = RenderedConfig.bytes(RenderedConfig.directive(manifests.redisConf(FULLNAME), "maxmemory").orElseThrow());
            System.out.printf("exporter pods: primary's exporter: redis_up %s, redis_memory_max_bytes %s (rendered maxmemory %d), "
                    + "redis_connected_slaves %s%n", sample(primaryMetrics, "redis_up"), sample(primaryMetrics, "redis_memory_max_bytes"),
                    maxmemory, sample(primaryMetrics, "redis_connected_slaves"));
            assertThat(sample(primaryMetrics, "redis_up")).isEqualTo(1.0);
            assertThat(sample(replicaMetrics, "redis_up")).isEqualTo(1.0);
            assertThat(primaryMetrics).containsPattern("redis_instance_info\\{[^}]*redis_version=\"8\\.");
            assertThat(sample(primaryMetrics, "redis_memory_max_bytes")).isEqualTo((double) maxmemory);
            assertThat(sample(replicaMetrics, "redis_connected_slaves")).isEqualTo(0.0);
            assertThat(primaryMetrics).containsPattern("redis_instance_info\\{[^}]*role=\"master\"");
            assertThat(replicaMetrics).containsPattern("redis_instance_info\\{[^}]*role=\"slave\"");
            Set<String> exported = new TreeSet<>(ExporterProcess.names(primaryMetrics));
            exported.addAll(ExporterProcess.names(replicaMetrics));
            assertThat(exported).as("metrics the alerts and the dashboard use, exported by exporter 1.69 from Redis 8")
                    .containsAll(AlertSource.metricNames());

            var shell = primary.exec("metrics", List.of("sh", "-c", "true"), Duration.ofSeconds(10));
            assertThat(shell.exit()).as("a shell in the exporter's root, like the scratch image: none\n" + shell.output()).isNotZero();

            JsonNode container = metricsContainer(manifests, FULLNAME + "-primary");
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                String path = container.path(probe).path("httpGet").path("path").asText();
                assertThat(get(pods, primary, path).status()).as(probe + " " + path).isEqualTo(200);
            }
        }
    }

    /**
     * With the default user off the exporter logs in as chart-internal: two scrapes leave the
     * ACL LOG empty and no scrape error.
     */
    @Test
    void withTheDefaultUserOffTheExporterScrapesRedis8AsTheChartsUser() {
        Manifests manifests = render(Map.of("acl.defaultUser.enabled", false, "acl.users[0].name", "app",
                "acl.users[0].rules", "+@all ~*", "acl.users[0].password", APP_PASSWORD));
        try (StatefulSetPods pods = new StatefulSetPods(manifests, PASSWORD, podRoot("acl")).withImageRoots(ROOTS)) {
            Pod redis = pods.addStatefulSet(FULLNAME, HelmRenderer.NAMESPACE).get(0);
            redis.start();
            assertThat(redis.awaitProbe("redis", "readinessProbe", WAIT)).as("readiness\n" + pods.logs()).isTrue();
            Await.until(WAIT, Duration.ofMillis(500), "the exporter answers /health",
                    () -> get(pods, redis, "/health").status() == 200, () -> pods.logs() + redis.log("metrics"));
            get(pods, redis, "/metrics");
            String metrics = get(pods, redis, "/metrics").body();
            HostAndPort address = pods.address(redis, 6379);
            try (Jedis app = new Jedis(address, DefaultJedisClientConfig.builder().user("app").password(APP_PASSWORD).build())) {
                assertThat(app.aclLog()).as("ACL LOG after two scrapes as chart-internal").isEmpty();
            }
            System.out.printf("exporter pods: default user off: redis_up %s, redis_exporter_last_scrape_error %s%n",
                    sample(metrics, "redis_up"), sample(metrics, "redis_exporter_last_scrape_error"));
            assertThat(sample(metrics, "redis_up")).isEqualTo(1.0);
            assertThat(sample(metrics, "redis_exporter_last_scrape_error")).as("a command chart-internal may not run").isEqualTo(0.0);
        }
    }

    /** GET from the pod's metrics port, through the client namespace. */
    private static org.redischart.chartgen.testing.ServedProcess.Response get(StatefulSetPods pods, Pod pod, String path) {
        HostAndPort address = pods.address(pod, METRICS_PORT);
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create("http://" + address.getHost() + ":" + address.getPort() + path))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new org.redischart.chartgen.testing.ServedProcess.Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new org.redischart.chartgen.testing.ServedProcess.Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode metricsContainer(Manifests manifests, String statefulSet) {
        for (JsonNode c : manifests.get("StatefulSet", statefulSet).at("/spec/template/spec/containers")) {
            if ("metrics".equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no metrics container in " + statefulSet);
    }

    private static double sample(String metrics, String series) {
        return ExporterProcess.sample(metrics, series).orElse(Double.NaN);
    }

    private static Manifests render(Map<String, Object> sets) {
        Map<String, Object> all = new HashMap<>(sets);
        all.put("auth.password", PASSWORD);
        all.put("metrics.enabled", true);
        return Manifests.parse(new HelmRenderer(RepoLayout.chart()).render(RELEASE, null, all));
    }

    private static Path podRoot(String scenario) {
        return RepoLayout.root().resolve("generator/target/fault-pods").resolve("exporter-" + scenario + "-" + System.nanoTime());
    }
}
