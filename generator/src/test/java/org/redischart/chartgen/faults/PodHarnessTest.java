package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.pods.ClusterDns;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.PodNetwork;
import org.redischart.chartgen.testing.pods.Shell;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.Jedis;

/**
 * The fault harness deals what Kubernetes deals: each test breaks one thing the way a cluster
 * would (a container over its memory limit, a busy CPU, a moved pod, a full volume, DNS that
 * caches and answers late) and checks the pods saw it as they would on a cluster.
 */
class PodHarnessTest {
    static final String PRIMARY = "faults-redis-primary";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void containersRunUnderTheirLimitsAndAnOomKillIsReportedAndRestartedAsTheKubeletDoes() {
        Manifests manifests = SentinelFaultsTest.render(ReplicationFaultsTest.SCENARIO);
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root("limits"))
                .withLimits().withKubelet(Duration.ofSeconds(1)).enforcingPolicies()) {
            Pod primary = pods.addStatefulSet(PRIMARY, HelmRenderer.NAMESPACE).get(0);
            primary.start();
            awaitPing(pods, primary);
            String cgroups = primary.exec("redis", List.of("cat", "/proc/self/cgroup"), Duration.ofSeconds(10)).output();
            assertThat(cgroups).as("the container's processes are in its cgroup").contains("redischart-test-");

            // Two busy loops for 2 s against a 250m limit: the quota stops them most periods.
            primary.exec("redis", List.of("sh", "-c", "timeout 2 sh -c 'while :; do :; done' & timeout 2 sh -c 'while :; do :; done'; wait"),
                    Duration.ofSeconds(10));
            assertThat(primary.throttledPeriods("redis")).as("CFS periods throttled by the CPU limit").isGreaterThan(5);

            try (Jedis jedis = pods.connect(primary, RedisSet.REDIS_PORT, 20_000)) {
                jedis.configSet("maxmemory", "0");
                jedis.configSet("min-replicas-to-write", "0");
                // 400 MiB of values against a 256Mi limit: the kernel kills redis-server.
                jedis.eval("for i = 1, 400 do redis.call('SET', 'bloat:' .. i, string.rep('x', 1048576)) end");
            } catch (RuntimeException expected) {
                // the connection dies with the process
            }
            await(Duration.ofSeconds(30), "the kubelet reports OOMKilled and restarts redis", () ->
                    primary.terminations().stream().anyMatch(t -> t.reason().equals("OOMKilled")) && primary.restarts("redis") >= 1);
            awaitPing(pods, primary);
            System.out.printf("harness limits: redis OOM-killed (%d OOM kills) and restarted %d time(s), terminations %s%n",
                    primary.oomKills("redis"), primary.restarts("redis"), primary.terminations());
        }
    }

    @Test
    void livenessFailuresRestartTheContainerAfterItsPreStop() {
        Manifests manifests = SentinelFaultsTest.render(ReplicationFaultsTest.SCENARIO,
                java.util.Map.of("livenessProbe.periodSeconds", 1, "livenessProbe.failureThreshold", 2));
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root("liveness"))
                .withKubelet(Duration.ofSeconds(1)).enforcingPolicies()) {
            Pod primary = pods.addStatefulSet(PRIMARY, HelmRenderer.NAMESPACE).get(0);
            primary.start();
            awaitPing(pods, primary);
            await(Duration.ofSeconds(20), "the kubelet's readiness probe passes", () -> primary.ready("redis"));
            // SIGSTOP: the process lives but answers nothing, so only the liveness probe can notice.
            primary.signal("redis", "STOP", "redis-server");
            await(Duration.ofSeconds(60), "the kubelet restarts the hung container", () -> primary.restarts("redis") >= 1);
            awaitPing(pods, primary);
            assertThat(primary.log("redis")).as("the container's log").contains("livenessProbe failed").contains("SIGTERM");
        }
    }

    @Test
    void aRecreatedPodGetsANewAddressAndASmallClaimRunsFull() {
        Manifests manifests = SentinelFaultsTest.render(ReplicationFaultsTest.SCENARIO);
        try (StatefulSetPods pods = new StatefulSetPods(manifests, SentinelFaultsTest.PASSWORD, root("claims"))
                .withNewAddressOnRecreation().withSmallClaims(64L << 20).enforcingPolicies()) {
            Pod primary = pods.addStatefulSet(PRIMARY, HelmRenderer.NAMESPACE).get(0);
            primary.start();
            String before = primary.ip();
            awaitPing(pods, primary);
            primary.delete();
            primary.start();
            assertThat(primary.ip()).as("address after recreation").isNotEqualTo(before);
            awaitPing(pods, primary);

            String claim = "data";
            assertThat(primary.claimFreeBytes(claim)).as("free bytes of a fresh 64 MiB claim").isBetween(50L << 20, 64L << 20);
            primary.fillClaim(claim);
            assertThat(primary.claimFreeBytes(claim)).as("free bytes of the filled claim").isLessThan(1L << 20);
            try (Jedis jedis = pods.connect(primary, RedisSet.REDIS_PORT, 5000)) {
                jedis.configSet("min-replicas-to-write", "0");
                byte[] incompressible = new byte[4 << 20]; // more than the few KiB fill leaves, even compressed
                new java.util.Random(1).nextBytes(incompressible);
                jedis.set("k".getBytes(java.nio.charset.StandardCharsets.UTF_8), incompressible);
                jedis.bgsave();
                await(Duration.ofSeconds(20), "BGSAVE fails on the full claim\n" + pods.logs(),
                        () -> jedis.info("persistence").contains("rdb_last_bgsave_status:err"));
            }
            primary.freeClaim(claim);
        }
    }

    @Test
    void clusterDnsCachesAnswersAndNotFoundsAndAnswersLateOnDemand() throws Exception {
        Path dir = Files.createTempDirectory("rcnet-");
        ClusterDns dns = new ClusterDns().positiveTtl(Duration.ofSeconds(2)).negativeTtl(Duration.ofSeconds(3));
        try (PodNetwork network = new PodNetwork(dir)) {
            network.resolveThrough(dns);
            String ns = network.namespaceName("q");
            network.attach(ns, 50);
            String name = "pod-0.headless.default.svc.cluster.local";

            assertThat(resolve(ns, name, false)).as("a name no pod has yet").isEmpty();
            network.publish(name, network.address(60));
            assertThat(resolve(ns, name, false)).as("NXDOMAIN served from the cache").isEmpty();
            LocalPods.sleep(Duration.ofMillis(3200));
            assertThat(resolve(ns, name, false)).as("after the negative TTL").isEqualTo(network.address(60));
            network.publish(name, network.address(61));
            assertThat(resolve(ns, name, true)).as("the old address, cached (over TCP)").isEqualTo(network.address(60));
            LocalPods.sleep(Duration.ofMillis(2200));
            assertThat(resolve(ns, name, false)).as("after the positive TTL").isEqualTo(network.address(61));

            dns.delay(Duration.ofMillis(1500));
            long start = System.nanoTime();
            dns.flush();
            assertThat(resolve(ns, name, false)).as("a late answer").isEqualTo(network.address(61));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to a delayed answer").isGreaterThan(Duration.ofMillis(1400));
            assertThat(dns.queries()).as("questions asked").isGreaterThanOrEqualTo(6);
        }
    }

    /** The IPv4 address `getent` finds for {@code name} in namespace {@code ns} (over TCP when {@code tcp}), or "". */
    private static String resolve(String ns, String name, boolean tcp) {
        List<String> command = tcp ? List.of("env", "RES_OPTIONS=use-vc", "ip", "netns", "exec", ns, "getent", "ahostsv4", name)
                : List.of("ip", "netns", "exec", ns, "getent", "ahostsv4", name);
        String output = Shell.tryRun(Duration.ofSeconds(20), command.toArray(String[]::new)).output().strip();
        return output.isEmpty() ? "" : output.split("\\s+")[0];
    }

    private static void awaitPing(StatefulSetPods pods, Pod pod) {
        await(Duration.ofSeconds(30), pod.name() + " answers PING", () -> {
            try (Jedis jedis = pods.connect(pod, RedisSet.REDIS_PORT, 2000)) {
                return "PONG".equals(jedis.ping());
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            LocalPods.sleep(Duration.ofMillis(200));
        }
    }

    private static Path root(String name) {
        return RepoLayout.root().resolve("generator/target/fault-pods").resolve("harness-" + name + "-" + System.nanoTime());
    }
}
