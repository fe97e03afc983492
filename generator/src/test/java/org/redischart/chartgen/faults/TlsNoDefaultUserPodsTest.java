package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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
 * The write Service over mutual TLS with the default user off (acl.defaultUser.enabled=false,
 * one ACL user): HAProxy's TLS checks log in as chart-internal, find the primary, and follow a
 * kill -9 of it, while no check leaves a NOPERM in any node's ACL LOG. Everything runs in image
 * roots from trixie: Redis 8.0 (user 999), and HAProxy 3.0 whose container {@code sh -c} line
 * (joining the client certificate on /tmp) runs in busybox sh with the image's applets only.
 */
class TlsNoDefaultUserPodsTest {
    static final String SCENARIO = "sentinel-tls";
    static final String DEPLOYMENT = SentinelFaultsTest.RELEASE + "-redis-haproxy";
    static final String APP_PASSWORD = "app-pass-7Tz";
    static final Duration WAIT = Duration.ofSeconds(40);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void writeServiceFollowsAFailoverOverTlsWithTheDefaultUserOff(@TempDir Path work) {
        Manifests manifests = SentinelFaultsTest.render(SCENARIO, Map.of("acl.defaultUser.enabled", false,
                "acl.users[0].name", "app", "acl.users[0].rules", "+@all ~*", "acl.users[0].password", APP_PASSWORD));
        ImageRoots roots = ImageRoots.trixie();
        System.out.println("tls no default user: " + roots.redisVersion() + "; " + roots.haproxyVersion());
        Path root = RepoLayout.root().resolve("generator/target/fault-pods").resolve(SCENARIO + "-acl-" + System.nanoTime());
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root).enforcingPolicies()
                .withImageRoots(roots)) {
            List<Pod> nodes = pods.addStatefulSet(TlsSentinelPodsTest.STATEFULSET, HelmRenderer.NAMESPACE);
            TestCertificates certs = new TestCertificates(work.resolve("certs"));
            String headless = SentinelFaultsTest.RELEASE + "-redis-node-headless." + HelmRenderer.NAMESPACE + ".svc.cluster.local";
            certs.install(certs.issue("server-1", 1001, List.of("*." + headless, "localhost")), pods.secret("redis-tls"),
                    TlsSentinelPodsTest.FS_GROUP);
            nodes.forEach(Pod::start);
            for (Pod pod : nodes) {
                assertThat(pod.awaitProbe("redis", "readinessProbe", WAIT)).as(() -> "Redis readiness\n" + pods.logs()).isTrue();
                assertThat(pod.awaitProbe("sentinel", "readinessProbe", WAIT)).as(() -> "Sentinel readiness\n" + pods.logs()).isTrue();
            }

            Pod haproxy = pods.addRunOnce(manifests, manifests.get("Deployment", DEPLOYMENT));
            haproxy.start();
            long started = System.nanoTime();
            await(WAIT, () -> "a write as ACL user app through HAProxy over TLS\n" + haproxy.log("haproxy"),
                    () -> appCli(pods, haproxy, "set", "via-haproxy", "1").equals("OK"));
            System.out.printf("tls no default user: HAProxy's TLS checks (as chart-internal) found the primary, a write as "
                    + "app went through after %d ms%n", (System.nanoTime() - started) / 1_000_000);
            // Asked once HAProxy serves: its sh -c line has joined the PEM by then (asked right after the
            // start, on loaded cores the line had not run yet).
            String inside = haproxy.exec("haproxy", List.of("sh", "-c", "haproxy -v | head -n 1; readlink /bin/sh; "
                    + "bash -c true 2>&1 || echo no bash; ls /tmp"), Duration.ofSeconds(10)).output();
            System.out.println("tls no default user: inside the HAProxy container: " + inside.strip().replace('\n', ' '));
            assertThat(inside).as("HAProxy 3.0 on busybox sh, the client PEM its sh -c line joined")
                    .contains("HAProxy version 3.0.").contains("busybox").contains("no bash").contains("client.pem");

            noCheckWasRefused(pods, nodes);

            Pod primary = nodes.stream().filter(p -> appCli(pods, p, "role").startsWith("master")).findFirst().orElseThrow();
            long killed = System.nanoTime();
            primary.killAll();
            await(WAIT, () -> "a write through HAProxy after kill -9 of the primary " + primary.name() + "\n"
                    + haproxy.log("haproxy") + pods.logs(), () -> appCli(pods, haproxy, "set", "via-haproxy", "2").equals("OK"));
            Pod promoted = nodes.stream().filter(p -> p != primary && appCli(pods, p, "role").startsWith("master"))
                    .findFirst().orElseThrow(() -> new AssertionError("no node answers ROLE as master\n" + pods.logs()));
            assertThat(appCli(pods, promoted, "get", "via-haproxy")).as("the write reached the promoted node").isEqualTo("2");
            System.out.printf("tls no default user: kill -9 of %s, writes through HAProxy reach %s after %d ms%n",
                    primary.name(), promoted.name(), (System.nanoTime() - killed) / 1_000_000);
            noCheckWasRefused(pods, nodes.stream().filter(p -> p != primary).toList());

            String asDefault = clientCli(pods, List.of("-a", SentinelFaultsTest.PASSWORD, "-h", haproxy.ip(), "-p", "6379", "ping"));
            assertThat(asDefault).as("the default user through HAProxy").doesNotContain("PONG");
        }
    }

    /** Every command of HAProxy's checks (and of the probes and scripts) is one chart-internal may run. */
    private static void noCheckWasRefused(StatefulSetPods pods, List<Pod> nodes) {
        for (Pod node : nodes) {
            assertThat(appCli(pods, node, "acl", "log")).as("ACL LOG of %s after HAProxy's checks", node.name()).isEmpty();
        }
    }

    /** redis-cli as ACL user app over mutual TLS from the client namespace, to {@code pod}'s port 6379. */
    private static String appCli(StatefulSetPods pods, Pod pod, String... args) {
        List<String> command = new ArrayList<>(List.of("--user", "app", "--pass", APP_PASSWORD, "-h", pod.ip(), "-p", "6379"));
        command.addAll(List.of(args));
        return clientCli(pods, command);
    }

    /** redis-cli over mutual TLS from the client namespace (a labelled client pod: the policies admit only those). */
    private static String clientCli(StatefulSetPods pods, List<String> args) {
        Path secret = pods.secret("redis-tls");
        List<String> command = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert", secret.resolve("ca.crt").toString(),
                "--cert", secret.resolve("tls.crt").toString(), "--key", secret.resolve("tls.key").toString(),
                "--no-auth-warning", "--raw"));
        command.addAll(args);
        Shell.Result result = pods.network().runIn(pods.network().clientNamespace(), Duration.ofSeconds(5), command.toArray(String[]::new));
        return result.output().strip();
    }

    /** Polls {@code condition}; on timeout fails with {@code what}, computed then (logs so far). */
    private static void await(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what.get());
            }
            LocalPods.sleep(Duration.ofMillis(200));
        }
    }
}
