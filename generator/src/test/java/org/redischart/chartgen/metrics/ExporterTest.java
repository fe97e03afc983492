package org.redischart.chartgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.ExporterProcess;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The exporter sidecar as rendered (arguments, password from the Secret) run as Debian's
 * redis_exporter against real redis-server processes started from the rendered pods.
 */
class ExporterTest {
    static final String RELEASE = "real";
    static final String FULLNAME = "real-redis";
    static final String PASSWORD = "s3cret-metrics-password";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD).onRedisImageRoot();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    private final List<ExporterProcess> exporters = new ArrayList<>();

    @TempDir
    Path work;

    /** The host's Redis and exporter: ExporterPodsTest runs the same checks on trixie's. */
    @BeforeAll
    static void printTheVersionsItRuns() {
        String exporter = org.redischart.chartgen.testing.pods.Shell.tryRun(Duration.ofSeconds(30), ExporterProcess.BINARY, "--version")
                .output().replaceAll("(?s).*Redis Metrics Exporter (\\S+).*", "redis_exporter $1");
        System.out.println("metrics: " + org.redischart.chartgen.testing.pods.ImageRoots.redisVersion(java.util.Optional.empty())
                + "; " + exporter.strip() + " (host)");
    }

    @AfterEach
    void stopExporters() {
        exporters.forEach(ExporterProcess::close);
    }

    @Test
    void exportersShowTheirRedisUpTheRenderedMaxmemoryAndTheReplication() {
        int redisPort = freePort();
        Manifests manifests = render(Map.of("architecture", "replication", "replica.replicaCount", 1,
                "redis.port", redisPort, "metrics.port", freePort()));
        String block = loopbackBlock();
        Map<String, String> hosts = Map.of(FULLNAME + "-primary-0." + FULLNAME + "-primary-headless.default.svc.cluster.local", block + 1);
        RenderedPod primaryPod = RenderedPod.of(manifests, FULLNAME + "-primary", 0, block + 1, PASSWORD, work, hosts);
        RenderedPod replicaPod = RenderedPod.of(manifests, FULLNAME + "-replica", 0, block + 2, PASSWORD, work, hosts);
        RedisProcess primary = pods.start(primaryPod, "redis", redisPort);
        pods.start(replicaPod, "redis", redisPort);
        try (Jedis jedis = primary.connect()) {
            jedis.set("key", "value");
            assertThat(jedis.waitReplicas(1, 10_000)).as("replica acknowledging").isEqualTo(1);
            // One refused command, so Redis has error statistics (redis_errors_total) to export.
            try {
                jedis.sendCommand(Protocol.Command.valueOf("GET"));
            } catch (RuntimeException expected) {
                // ERR wrong number of arguments
            }
        }
        ExporterProcess primaryExporter = start(primaryPod, Map.of());
        ExporterProcess replicaExporter = start(replicaPod, Map.of());

        String primaryMetrics = primaryExporter.metrics();
        String replicaMetrics = replicaExporter.metrics();
        long maxmemory = RenderedConfig.bytes(RenderedConfig.directive(manifests.redisConf(FULLNAME), "maxmemory").orElseThrow());
        System.out.printf("metrics: exporter on %s: redis_up %s, redis_memory_max_bytes %s (rendered maxmemory %d), "
                + "redis_connected_slaves %s%n", primaryExporter.address(), sample(primaryMetrics, "redis_up"),
                sample(primaryMetrics, "redis_memory_max_bytes"), maxmemory, sample(primaryMetrics, "redis_connected_slaves"));
        assertThat(sample(primaryMetrics, "redis_up")).isEqualTo(1.0);
        assertThat(sample(replicaMetrics, "redis_up")).isEqualTo(1.0);
        assertThat(maxmemory).isPositive();
        assertThat(sample(primaryMetrics, "redis_memory_max_bytes")).isEqualTo((double) maxmemory);
        assertThat(sample(primaryMetrics, "redis_connected_slaves")).isEqualTo(1.0);
        assertThat(sample(replicaMetrics, "redis_connected_slaves")).isEqualTo(0.0);
        assertThat(sample(replicaMetrics, "redis_master_link_up")).isEqualTo(1.0);
        assertThat(primaryMetrics).containsPattern("redis_instance_info\\{[^}]*role=\"master\"");
        assertThat(replicaMetrics).containsPattern("redis_instance_info\\{[^}]*role=\"slave\"");

        Set<String> exported = new TreeSet<>(ExporterProcess.names(primaryMetrics));
        exported.addAll(ExporterProcess.names(replicaMetrics));
        assertThat(exported).as("metrics the alerts and the dashboard use, exported by the real exporter")
                .containsAll(AlertSource.metricNames());
    }

    /**
     * With the default user off the exporter logs in as chart-internal: every command it scrapes
     * with must be in that user's rules, or a metric silently goes missing.
     */
    @Test
    void withTheDefaultUserOffTheExporterScrapesAsTheChartsUser() {
        int redisPort = freePort();
        Manifests manifests = render(Map.of("redis.port", redisPort, "metrics.port", freePort(),
                "acl.defaultUser.enabled", false, "acl.users[0].name", "app", "acl.users[0].rules", "+@all ~*",
                "acl.users[0].password", "app-password-77"));
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, loopbackBlock() + 1, PASSWORD, work, Map.of());
        RedisProcess redis = pods.start(pod, "redis", redisPort, "chart-internal", PASSWORD);
        try (Jedis anonymous = new Jedis(redis.address())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(anonymous::ping).hasMessageContaining("NOAUTH");
        }

        ExporterProcess exporter = start(pod, Map.of());
        exporter.metrics();
        String metrics = exporter.metrics();
        // A refused command may cost no metric and still log a NOPERM on every scrape (the
        // pinned exporter sends COMMAND INFO): the ACL log stays empty after two scrapes.
        try (Jedis app = new Jedis(redis.address(), DefaultJedisClientConfig.builder().user("app").password("app-password-77").build())) {
            assertThat(app.aclLog()).as("ACL LOG after two scrapes as chart-internal").isEmpty();
        }
        long maxmemory = RenderedConfig.bytes(RenderedConfig.directive(manifests.redisConf(FULLNAME), "maxmemory").orElseThrow());
        System.out.printf("metrics: default user off: redis_up %s, redis_exporter_last_scrape_error %s%n",
                sample(metrics, "redis_up"), sample(metrics, "redis_exporter_last_scrape_error"));
        assertThat(sample(metrics, "redis_up")).isEqualTo(1.0);
        assertThat(sample(metrics, "redis_memory_max_bytes")).isEqualTo((double) maxmemory);
        assertThat(sample(metrics, "redis_exporter_last_scrape_error")).as("a command chart-internal may not run").isEqualTo(0.0);
        assertThat(ExporterProcess.names(metrics)).as("metrics the alerts and the dashboard use (but replication ones: one Redis)")
                .containsAll(AlertSource.metricNames().stream()
                        .filter(name -> !name.startsWith("redis_connected_slave") && !name.startsWith("redis_master")).toList());
    }

    @Test
    void theRenderedProbesFindTheExporterHealthy() {
        int redisPort = freePort();
        Manifests manifests = render(Map.of("redis.port", redisPort, "metrics.port", freePort()));
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, loopbackBlock() + 1, PASSWORD, work, Map.of());
        pods.start(pod, "redis", redisPort);
        ExporterProcess exporter = start(pod, Map.of());
        JsonNode container = metricsContainer(manifests);

        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            JsonNode httpGet = container.path(probe).path("httpGet");
            assertThat(httpGet.path("port").asText()).as(probe + " port").isEqualTo("metrics");
            org.redischart.chartgen.testing.ServedProcess.Response response = exporter.get(httpGet.path("path").asText());
            assertThat(response.status()).as(probe + " " + httpGet.path("path").asText()).isEqualTo(200);
        }
        assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("metrics");
    }

    @Test
    void aWrongPasswordShowsAsRedisDown() {
        int redisPort = freePort();
        Manifests manifests = render(Map.of("redis.port", redisPort, "metrics.port", freePort()));
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME, 0, loopbackBlock() + 1, PASSWORD, work, Map.of());
        pods.start(pod, "redis", redisPort);
        JsonNode env = metricsContainer(manifests).path("env");
        assertThat(env).singleElement().satisfies(var -> assertThat(var.path("name").asText()).isEqualTo("REDIS_PASSWORD"));
        assertThat(env.get(0).path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo(FULLNAME);

        ExporterProcess wrong = start(pod, Map.of("REDIS_PASSWORD", "not-the-password"));

        assertThat(sample(wrong.metrics(), "redis_up")).isEqualTo(0.0);
    }

    @Test
    void theSentinelEndpointOfTheServiceMonitorScrapesTheSentinelWithTheSecretPassword() throws Exception {
        int redisPort = freePort();
        int sentinelPort = freePort();
        Manifests manifests = render(Map.of("architecture", "sentinel", "redis.port", redisPort, "sentinel.port", sentinelPort,
                "metrics.port", freePort(), "metrics.serviceMonitor.enabled", true));
        JsonNode endpoint = manifests.get("ServiceMonitor", FULLNAME).at("/spec/endpoints/1");
        String target = endpoint.at("/params/target/0").asText();
        assertThat(target).isEqualTo("redis://127.0.0.1:" + sentinelPort);
        String ip = loopbackBlock() + 1;
        RenderedPod pod = RenderedPod.of(manifests, FULLNAME + "-node", 0, ip, PASSWORD, work, Map.of());
        // A real redis-sentinel on the pod's address with the release password (its own start script is
        // exercised by SentinelFailoverTest); the exporter reaches it as the rendered endpoint says.
        java.nio.file.Path conf = java.nio.file.Files.writeString(work.resolve("sentinel.conf"), String.join("\n",
                "port " + sentinelPort, "bind " + ip, "requirepass \"" + PASSWORD + "\"", "dir " + work,
                "sentinel monitor mymaster " + ip + " " + redisPort + " 1", "sentinel auth-pass mymaster \"" + PASSWORD + "\"", ""));
        pods.track(RedisProcess.start("sentinel", List.of("redis-sentinel", conf.toString()), Map.of(), work,
                new redis.clients.jedis.HostAndPort(ip, sentinelPort), PASSWORD));
        ExporterProcess exporter = start(pod, Map.of());
        RenderedPod other = RenderedPod.of(manifests, FULLNAME + "-node", 1, loopbackBlock() + 2, PASSWORD, work, Map.of());
        ExporterProcess wrong = start(other, Map.of("REDIS_PASSWORD", "not-the-password"));

        String query = endpoint.path("path").asText() + "?target=" + target.replace("127.0.0.1", ip);
        String sentinelMetrics = exporter.get(query).body();

        System.out.printf("metrics: Sentinel target %s: redis_up %s, redis_sentinel_masters %s%n", query,
                sample(sentinelMetrics, "redis_up"), sample(sentinelMetrics, "redis_sentinel_masters"));
        assertThat(sample(sentinelMetrics, "redis_up")).isEqualTo(1.0);
        assertThat(sample(sentinelMetrics, "redis_sentinel_masters")).isEqualTo(1.0);
        assertThat(sentinelMetrics).containsPattern("redis_instance_info\\{[^}]*redis_mode=\"sentinel\"");
        assertThat(sample(wrong.get(query).body(), "redis_up")).as("wrong password").isEqualTo(0.0);
    }

    private ExporterProcess start(RenderedPod pod, Map<String, String> env) {
        ExporterProcess exporter = ExporterProcess.start(pod, env);
        exporters.add(exporter);
        return exporter;
    }

    private static JsonNode metricsContainer(Manifests manifests) {
        for (JsonNode c : manifests.get("StatefulSet", FULLNAME).at("/spec/template/spec/containers")) {
            if ("metrics".equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no metrics container");
    }

    private static Double sample(String metrics, String series) {
        var value = ExporterProcess.sample(metrics, series);
        return value.isPresent() ? value.getAsDouble() : null;
    }

    Manifests render(Map<String, Object> sets) {
        Map<String, Object> all = new HashMap<>(sets);
        all.put("auth.password", PASSWORD);
        all.put("metrics.enabled", true);
        return Manifests.parse(helm.render(RELEASE, null, all));
    }
}
