package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.ImageRoots;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.Shell;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import org.redischart.chartgen.testing.pods.TestCertificates;

/**
 * tls.enabled with mutual TLS on the sentinel architecture, each pod of the rendered
 * StatefulSet in its own network namespace with the TLS Secret mounted as the chart mounts
 * it (certificates made by openssl here): the rendered probes, start scripts, Sentinels and
 * the helm test pod work over TLS only; plain and certificate-less clients are refused;
 * replication and a failover run over TLS; HAProxy's TLS checks find the primary and follow
 * the failover (clients' TLS passes through it); a rotated certificate reaches Redis without a
 * restart through the rendered tls-reloader; the exporter's rendered arguments scrape over TLS.
 */
class TlsSentinelPodsTest {
    static final String SCENARIO = "sentinel-tls";
    static final String STATEFULSET = SentinelFaultsTest.RELEASE + "-redis-node";
    static final Duration WAIT = Duration.ofSeconds(40);
    static final long FS_GROUP = 999;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void sentinelSetWorksOverMutualTlsOnlyFailsOverAndReloadsARotatedCertificate(@TempDir Path work) {
        // Every image of the suite from trixie: Redis 8, HAProxy 3.0 on busybox, the exporter sidecar; the
        // host's Redis 7.0, HAProxy 2.6 and exporter 1.45 (run in the redis container) with -Dpods.imageRoots=host.
        Optional<ImageRoots> roots = ImageRoots.fromProperty(ImageRoots.trixie()).map(r -> ImageRoots.trixie());
        System.out.println("tls " + SCENARIO + ": " + roots.map(ImageRoots::versions).orElseGet(() -> ImageRoots.redisVersion(roots)));
        boolean sidecar = roots.isPresent();
        Manifests manifests = sidecar ? SentinelFaultsTest.render(SCENARIO, Map.of("metrics.enabled", true))
                : SentinelFaultsTest.render(SCENARIO);
        assertThat(manifests.get("StatefulSet", STATEFULSET).at("/spec/template/spec/volumes").toString())
                .as("the pods mount the TLS Secret").contains("\"secretName\":\"redis-tls\"");
        Path root = RepoLayout.root().resolve("generator/target/fault-pods").resolve(SCENARIO + "-" + System.nanoTime());
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root).enforcingPolicies()) {
            roots.ifPresent(pods::withImageRoots);
            List<Pod> nodes = pods.addStatefulSet(STATEFULSET, HelmRenderer.NAMESPACE);
            TestCertificates certs = new TestCertificates(work.resolve("certs"));
            String headless = SentinelFaultsTest.RELEASE + "-redis-node-headless." + HelmRenderer.NAMESPACE + ".svc.cluster.local";
            certs.install(certs.issue("server-1", 1001, List.of("*." + headless, "localhost")), pods.secret("redis-tls"), FS_GROUP);

            long start = System.nanoTime();
            nodes.forEach(Pod::start);
            for (Pod pod : nodes) {
                assertThat(pod.awaitProbe("redis", "readinessProbe", WAIT)).as(() -> "Redis readiness over TLS\n" + pods.logs()).isTrue();
                assertThat(pod.awaitProbe("sentinel", "readinessProbe", WAIT)).as(() -> "Sentinel readiness over TLS\n" + pods.logs()).isTrue();
                assertThat(pod.probe("redis", "livenessProbe")).as("Redis liveness over TLS").isTrue();
            }
            Pod primary = awaitPrimary(nodes, nodes);
            System.out.printf("tls %s: 3 pods Ready over mutual TLS after %d ms, primary %s%n",
                    SCENARIO, (System.nanoTime() - start) / 1_000_000, primary.name());

            Pod replica = nodes.stream().filter(p -> p != primary).findFirst().orElseThrow();
            // min-replicas-to-write 1: the primary takes writes once a replica's first ACK arrived.
            await(WAIT, "a SET over TLS accepted by the primary",
                    () -> cli(replica, "-h", primary.dnsName(), "-p", "6379", "set", "tls-key", "over-tls").equals("OK"));
            assertThat(cli(replica, "-h", primary.dnsName(), "-p", "6379", "wait", "2", "5000")).isEqualTo("2");
            assertThat(cli(replica, "-h", "127.0.0.1", "-p", "6379", "get", "tls-key")).as("replicated over TLS").isEqualTo("over-tls");

            String plain = shell(replica, "redis-cli -h 127.0.0.1 -p 6379 ping 2>&1; redis-cli -h 127.0.0.1 -p 26379 ping 2>&1");
            assertThat(plain).as("plain TCP clients of Redis and Sentinel").doesNotContain("PONG");
            String noCert = shell(replica, "redis-cli --tls --cacert /etc/redis-tls/ca.crt -h 127.0.0.1 -p 6379 ping 2>&1");
            assertThat(noCert).as("a TLS client without a certificate (tls-auth-clients yes)").doesNotContain("PONG");
            System.out.printf("tls %s: plain client got [%s], client without a certificate got [%s]%n", SCENARIO,
                    plain.strip().replace('\n', ' '), noCert.strip().replace('\n', ' '));

            Pod haproxy = pods.addRunOnce(manifests, manifests.get("Deployment", SentinelFaultsTest.RELEASE + "-redis-haproxy"));
            haproxy.start();
            long haproxyStart = System.nanoTime();
            await(WAIT, () -> "a write through HAProxy (TLS checks of ROLE and the Sentinels)\n" + haproxy.log("haproxy"),
                    () -> clientCli(pods, "-h", haproxy.ip(), "-p", "6379", "set", "via-haproxy", "1").equals("OK"));
            System.out.printf("tls %s: HAProxy's TLS checks found the primary, a TLS write went through it after %d ms%n",
                    SCENARIO, (System.nanoTime() - haproxyStart) / 1_000_000);

            helmTestPodPasses(pods, nodes.get(0), haproxy);

            long killed = System.nanoTime();
            primary.killAll();
            List<Pod> survivors = nodes.stream().filter(p -> p != primary).toList();
            Pod promoted = awaitPrimary(survivors, survivors);
            assertThat(cli(promoted, "-h", "127.0.0.1", "-p", "6379", "get", "tls-key")).isEqualTo("over-tls");
            System.out.printf("tls %s: kill -9 of the primary %s, Sentinels (over TLS) promoted %s after %d ms%n",
                    SCENARIO, primary.name(), promoted.name(), (System.nanoTime() - killed) / 1_000_000);
            await(WAIT, () -> "a write through HAProxy reaches the new primary\n" + haproxy.log("haproxy"),
                    () -> clientCli(pods, "-h", haproxy.ip(), "-p", "6379", "set", "via-haproxy", "2").equals("OK"));
            assertThat(cli(promoted, "-h", "127.0.0.1", "-p", "6379", "get", "via-haproxy")).as("HAProxy follows the failover").isEqualTo("2");
            primary.start();
            assertThat(primary.awaitProbe("redis", "readinessProbe", WAIT)).as(() -> "old primary back as a replica\n" + pods.logs()).isTrue();

            rotationReachesRedisWithoutARestart(certs, pods, promoted, headless);
            if (sidecar) {
                sidecarScrapesOverMutualTls(pods, promoted);
            } else {
                exporterScrapesOverMutualTls(pods, promoted);
            }
        }
    }

    private void rotationReachesRedisWithoutARestart(TestCertificates certs, StatefulSetPods pods, Pod pod, String headless) {
        String before = servedSerial(pods, pod);
        String pid = cli(pod, "-h", "127.0.0.1", "-p", "6379", "info", "server").lines()
                .filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow();
        long rotated = System.nanoTime();
        certs.install(certs.issue("server-2", 2002, List.of("*." + headless, "localhost")), pods.secret("redis-tls"), FS_GROUP);
        await(Duration.ofSeconds(15), () -> "the new certificate is served\n" + pod.log("tls-reloader"),
                () -> servedSerial(pods, pod).equals("serial=07D2"));
        long took = (System.nanoTime() - rotated) / 1_000_000;
        String pidAfter = cli(pod, "-h", "127.0.0.1", "-p", "6379", "info", "server").lines()
                .filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow();
        assertThat(before).isEqualTo("serial=03E9");
        assertThat(pidAfter).as("Redis was not restarted").isEqualTo(pid);
        assertThat(cli(pod, "-h", "127.0.0.1", "-p", "6379", "get", "tls-key")).as("clients with the new certificate").isEqualTo("over-tls");
        System.out.printf("tls %s: certificate rotated (%s -> serial=07D2), served by the same Redis process after %d ms "
                + "(reloader interval 1 s)%n", SCENARIO, before, took);
    }

    /**
     * The metrics container's rendered arguments (metrics.enabled) run by Debian's
     * redis_exporter inside the pod, with its TLS files: it reaches Redis (redis_up 1).
     */
    private void exporterScrapesOverMutualTls(StatefulSetPods pods, Pod pod) {
        Manifests withMetrics = SentinelFaultsTest.render(SCENARIO, Map.of("metrics.enabled", true));
        List<String> args = new ArrayList<>();
        for (JsonNode container : withMetrics.get("StatefulSet", STATEFULSET).at("/spec/template/spec/containers")) {
            if ("metrics".equals(container.path("name").asText())) {
                container.path("args").forEach(a -> args.add(a.asText().replace("--web.listen-address=:9121", "--web.listen-address=:19121")));
            }
        }
        assertThat(args).as("rendered exporter arguments").contains("--redis.addr=rediss://127.0.0.1:6379");
        shell(pod, "REDIS_PASSWORD=\"$REDISCLI_AUTH\" timeout 20 /usr/bin/prometheus-redis-exporter " + String.join(" ", args) + " >/dev/null 2>&1 &");
        // Scraped over the pod's loopback: this exporter (port 19121) is not the rendered sidecar the policies know.
        String[] body = {""};
        await(Duration.ofSeconds(15), () -> "redis_up 1 from the exporter over TLS, last scrape:\n"
                + body[0].lines().filter(l -> l.startsWith("redis_up") || l.contains("error")).toList(), () -> {
                    body[0] = pods.network().runIn(pod.namespace(), Duration.ofSeconds(5),
                            "curl", "-s", "--max-time", "4", "http://127.0.0.1:19121/metrics").output();
                    return body[0].contains("\nredis_up 1\n");
                });
        System.out.printf("tls %s: the rendered exporter arguments scrape Redis over mutual TLS (redis_up 1)%n", SCENARIO);
    }

    /**
     * The pod's metrics sidecar (exporter 1.69 in its scratch-like root, the rendered arguments
     * and TLS files) scrapes its Redis over mutual TLS: redis_up 1 on its port in the pod.
     */
    private void sidecarScrapesOverMutualTls(StatefulSetPods pods, Pod pod) {
        String[] body = {""};
        await(Duration.ofSeconds(30), () -> "redis_up 1 from the metrics sidecar over TLS, last scrape:\n"
                + body[0].lines().filter(l -> l.startsWith("redis_up") || l.contains("error")).toList() + "\n" + pod.log("metrics"), () -> {
                    body[0] = pods.network().runIn(pod.namespace(), Duration.ofSeconds(5),
                            "curl", "-s", "--max-time", "4", "http://127.0.0.1:9121/metrics").output();
                    return body[0].contains("\nredis_up 1\n");
                });
        System.out.printf("tls %s: the metrics sidecar scrapes Redis over mutual TLS (redis_up 1)%n", SCENARIO);
    }

    /**
     * The serial of the certificate a new TLS connection to the pod's Redis gets: the host's
     * openssl s_client in the pod's network namespace (the redis image has no openssl).
     */
    private static String servedSerial(StatefulSetPods pods, Pod pod) {
        Path tls = pods.secret("redis-tls");
        return pods.network().runIn(pod.namespace(), Duration.ofSeconds(10), "sh", "-c", "openssl s_client -connect 127.0.0.1:6379"
                + " -CAfile " + tls.resolve("ca.crt") + " -cert " + tls.resolve("tls.crt") + " -key " + tls.resolve("tls.key")
                + " </dev/null 2>/dev/null | openssl x509 -noout -serial").output().strip();
    }

    /** The rendered helm test pod, the Sentinel Service's name resolving to one node, the write Service's to HAProxy. */
    private void helmTestPodPasses(StatefulSetPods pods, Pod behindService, Pod haproxy) {
        Manifests withHook = Manifests.parse(new HelmRenderer(RepoLayout.chart()).renderIncludingTestHooks(
                SentinelFaultsTest.RELEASE, valuesAsSets(), RepoLayout.root().resolve("generator/target/tls-hook-" + System.nanoTime())));
        System.out.printf("tls %s helm test pod: %s%n", SCENARIO, HelmTestPod.passes(pods, withHook, Map.of(
                SentinelFaultsTest.RELEASE + "-redis-sentinel", behindService.ip(), SentinelFaultsTest.RELEASE + "-redis", haproxy.ip())));
    }

    /** The scenario's values that shape the test pod, as --set pairs (renderIncludingTestHooks takes no values file). */
    private static Map<String, Object> valuesAsSets() {
        return Map.of("architecture", "sentinel", "profile", "session", "auth.password", SentinelFaultsTest.PASSWORD,
                "tls.enabled", true, "tls.existingSecret", "redis-tls", "tls.authClients", true);
    }

    /** The node that a majority of the Sentinels of {@code sentinels} names and that answers ROLE as master. */
    private static Pod awaitPrimary(List<Pod> sentinels, List<Pod> candidates) {
        Pod[] found = new Pod[1];
        await(WAIT, "a primary named by the Sentinels over TLS", () -> {
            List<String> named = new ArrayList<>();
            for (Pod s : sentinels) {
                named.add(cli(s, "-h", "127.0.0.1", "-p", "26379", "sentinel", "get-master-addr-by-name", "mymaster")
                        .lines().findFirst().orElse(""));
            }
            Optional<Pod> p = candidates.stream().filter(c -> named.stream().filter(c.dnsName()::equals).count() >= 2).findFirst();
            if (p.isPresent() && cli(p.get(), "-h", "127.0.0.1", "-p", "6379", "role").startsWith("master")) {
                found[0] = p.get();
                return true;
            }
            return false;
        });
        return found[0];
    }

    /** redis-cli in the pod's redis container with the rendered REDIS_CLI_ARGS (TLS files) and password. */
    private static String cli(Pod pod, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "redis-cli ${REDIS_CLI_ARGS:-} --raw \"$@\" 2>&1", "sh"));
        command.addAll(List.of(args));
        return pod.exec("redis", command, Duration.ofSeconds(5)).output().strip();
    }

    /** redis-cli over mutual TLS from the client namespace (a labelled client pod: HAProxy's policy admits only those). */
    private static String clientCli(StatefulSetPods pods, String... args) {
        Path secret = pods.secret("redis-tls");
        List<String> command = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert", secret.resolve("ca.crt").toString(),
                "--cert", secret.resolve("tls.crt").toString(), "--key", secret.resolve("tls.key").toString(),
                "-a", SentinelFaultsTest.PASSWORD, "--no-auth-warning", "--raw"));
        command.addAll(List.of(args));
        Shell.Result result = pods.network().runIn(pods.network().clientNamespace(), Duration.ofSeconds(5), command.toArray(String[]::new));
        return result.output().strip();
    }

    private static String shell(Pod pod, String script) {
        return pod.exec("redis", List.of("sh", "-c", script), Duration.ofSeconds(10)).output();
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) {
        await(timeout, () -> what, condition);
    }

    /** Polls {@code condition}; on timeout fails with {@code what}, computed then (logs so far). */
    private static void await(Duration timeout, java.util.function.Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what.get());
            }
            LocalPods.sleep(Duration.ofMillis(200));
        }
    }
}
