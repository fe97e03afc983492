package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;
import static org.redischart.chartgen.testing.LocalPods.sleep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Await;
import org.redischart.chartgen.testing.FakeDns;
import org.redischart.chartgen.testing.HaproxyProcess;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.HelmTestPodProcess;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.MountNamespace;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.SentinelViews;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The write Service of the sentinel architecture on real processes: Debian's haproxy runs the
 * rendered Deployment's command, environment and haproxy.cfg unedited, in front of three pods
 * whose redis-server and redis-sentinel run the rendered start scripts. Every process sees the
 * pods' DNS names through its own mount namespace (hosts file, and a resolv.conf pointing at a
 * DNS server that answers the same names, for HAProxy's runtime resolver), so no address in any
 * rendered file is rewritten.
 */
class HaproxyWriteServiceTest {
    static final String FULLNAME = "hx-redis";
    static final String PASSWORD = "s3cret \"haproxy\" %pass$word";
    static final String DEPLOYMENT = FULLNAME + "-haproxy";
    static final int NODES = 3;
    static final int DOWN_AFTER_MS = 1000;
    static final int FAILOVER_TIMEOUT_MS = 3000;
    static final String APP_PASSWORD = "app-pass-4Hq";
    static final String INTERNAL_USER = "chart-internal";
    static final int HAPROXY_GRACE_SECONDS = 8;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    @RegisterExtension
    final LocalPods processes = new LocalPods(PASSWORD).onRedisImageRoot();

    @TempDir
    Path work;

    private Manifests manifests;
    private String block;
    /** The pods' DNS names, node 0 first, to their loopback addresses. */
    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<RedisProcess> redis = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    @Test
    void writesReachThePrimaryAndFollowAFailoverButNeverAReplicaOrAWrongPassword() throws Exception {
        renderRelease(null);
        withPods(null, resolution -> {
            wrongPasswordOpensNoBackend(resolution);
            try (HaproxyProcess haproxy = HaproxyProcess.start(manifests, DEPLOYMENT, PASSWORD, work.resolve("haproxy"), resolution)) {
                writesReachThePrimaryOnly(haproxy);
                int primary = writesFollowAFailover(haproxy);
                writesFollowAGracefulFailover(haproxy, primary);
            }
        });
    }

    /**
     * acl.defaultUser.enabled=false: HAProxy's checks log in as chart-internal, and every
     * command they send must be one its rules allow, or no node is ever up and the write
     * Service refuses everyone. No check leaves a NOPERM in any node's ACL LOG. Then a soft
     * stop (SIGUSR1, the image's stop signal) with an idle client ends within hard-stop-after.
     */
    @Test
    void writeServiceWorksWithTheDefaultUserOffAndStopsDespiteAnIdleClient() throws Exception {
        Path values = Files.writeString(work.resolve("acl-values.yaml"), """
                acl:
                  defaultUser:
                    enabled: false
                  users:
                    - name: app
                      rules: "+@all ~*"
                      password: %s
                haproxy:
                  terminationGracePeriodSeconds: %d
                """.formatted(APP_PASSWORD, HAPROXY_GRACE_SECONDS));
        renderRelease(values);
        withPods(INTERNAL_USER, resolution -> {
            try (HaproxyProcess haproxy = HaproxyProcess.start(manifests, DEPLOYMENT, PASSWORD, work.resolve("haproxy"), resolution)) {
                awaitTrue(Duration.ofSeconds(15), "HAProxy takes writes from ACL user app",
                        () -> "OK".equals(set(haproxy, "probe", "1")));
                assertThat(runIdThrough(haproxy)).as("writes reach node-0, the primary").isEqualTo(runId(redis.get(0)));
                awaitTrue(Duration.ofSeconds(10), "the read port serves a replica", () -> {
                    try (Jedis reader = client(haproxy, "redis-read")) {
                        return reader.info("replication").contains("role:slave");
                    }
                });
                for (RedisProcess node : redis) {
                    try (Jedis jedis = new Jedis(node.address(), DefaultJedisClientConfig.builder().user("app").password(APP_PASSWORD).build())) {
                        assertThat(jedis.aclLog()).as("ACL LOG of %s after HAProxy's checks", node).isEmpty();
                    }
                }
                softStopEndsWithinHardStopAfter(haproxy);
            }
        });
    }

    /** An idle client through HAProxy (timeout client is an hour): SIGUSR1 still ends HAProxy within hard-stop-after. */
    private void softStopEndsWithinHardStopAfter(HaproxyProcess haproxy) {
        String config = manifests.get("ConfigMap", DEPLOYMENT).at("/data/haproxy.cfg").asText();
        Matcher bound = Pattern.compile("(?m)^\\s*hard-stop-after (\\d+)s$").matcher(config);
        assertThat(bound.find()).as("haproxy.cfg bounds the soft stop (hard-stop-after)").isTrue();
        Duration hardStopAfter = Duration.ofSeconds(Long.parseLong(bound.group(1)));
        assertThat(hardStopAfter).as("hard-stop-after ends before the grace period")
                .isLessThan(Duration.ofSeconds(HAPROXY_GRACE_SECONDS));
        try (Jedis idle = client(haproxy)) {
            assertThat(idle.ping()).isEqualTo("PONG");
            Duration stopped = haproxy.softStop(Duration.ofSeconds(HAPROXY_GRACE_SECONDS + 30));
            System.out.printf("HAProxy soft stop (SIGUSR1) with an idle client: exited after %d ms (hard-stop-after %d s)%n",
                    stopped.toMillis(), hardStopAfter.toSeconds());
            // A margin for a busy machine: a few seconds late is not a pod held for its whole idle timeout.
            assertThat(stopped).as("time from SIGUSR1 to exit\n" + haproxy.log()).isLessThan(hardStopAfter.plusSeconds(5));
        }
    }

    /** DNS and the three pods (Redis answering PING as {@code user}, null: the default user), then {@code body}. */
    private void withPods(String user, PodsBody body) throws Exception {
        block = loopbackBlock();
        for (int i = 0; i < NODES; i++) {
            names.put(FULLNAME + "-node-" + i + "." + FULLNAME + "-node-headless.default.svc.cluster.local", block + (i + 1));
        }
        try (FakeDns dns = new FakeDns(block + "53", names)) {
            Map<String, Path> resolution = Map.of(
                    "/etc/hosts", file("hosts", FakeDns.hostsFile(names)), "/etc/resolv.conf", file("resolv.conf", dns.resolvConf()));
            startNodes(new MountNamespace(resolution), user);
            awaitTrue(Duration.ofSeconds(20), "every Sentinel sees 2 replicas and 2 other Sentinels",
                    () -> sentinels.stream().allMatch(s -> {
                        try (Jedis jedis = s.connect()) {
                            Map<String, String> master = jedis.sentinelMaster("mymaster");
                            return "2".equals(master.get("num-slaves")) && "2".equals(master.get("num-other-sentinels"));
                        }
                    }));
            awaitReplicasPromotable();
            body.run(resolution);
        }
    }

    private interface PodsBody {
        void run(Map<String, Path> resolution) throws Exception;
    }

    private void renderRelease(Path valuesFile) {
        int writePort = freePort();
        // service.port = haproxy.port: the helm test pod reaches HAProxy at the Service's port.
        manifests = Manifests.parse(helm.renderIncludingTestHooks("hx", valuesFile, Map.ofEntries(
                Map.entry("architecture", "sentinel"), Map.entry("auth.password", PASSWORD),
                Map.entry("redis.port", freePort()), Map.entry("sentinel.port", freePort()),
                Map.entry("sentinel.downAfterMilliseconds", DOWN_AFTER_MS), Map.entry("sentinel.failoverTimeout", FAILOVER_TIMEOUT_MS),
                // down-after 1 s is below what min-replicas-max-lag allows (chartgen refuses the overlap): off here.
                Map.entry("redis.minReplicasToWrite", 0),
                Map.entry("service.port", writePort), Map.entry("haproxy.port", writePort), Map.entry("haproxy.healthPort", freePort()),
                Map.entry("haproxy.readOnly.enabled", true), Map.entry("haproxy.readOnly.port", freePort())), work));
        assertThat(manifests.get("Service", FULLNAME).at("/spec/selector/app.kubernetes.io~1component").asText())
                .as("the write Service selects HAProxy").isEqualTo("haproxy");
        assertThat(manifests.get("ConfigMap", DEPLOYMENT).toString()).doesNotContain("s3cret");
    }

    /** Each pod's redis-server, then each Sentinel, by the rendered start scripts, names unrewritten. */
    private void startNodes(MountNamespace namespace, String user) {
        int redisPort = port("redis");
        int sentinelPort = port("sentinel");
        List<RenderedPod> pods = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            pods.add(RenderedPod.of(manifests, FULLNAME + "-node", i, block + (i + 1), PASSWORD, work, Map.of()));
            sentinels.add(processes.start(pods.get(i), "sentinel", sentinelPort, namespace));
        }
        // Sentinels first: a node's Redis starts once a majority of them names the primary.
        for (int i = 0; i < NODES; i++) {
            redis.add(processes.start(pods.get(i), "redis", redisPort, namespace, user));
        }
    }

    /** With the wrong password every check fails on AUTH: no node takes writes, a client is turned away. */
    private void wrongPasswordOpensNoBackend(Map<String, Path> resolution) {
        try (HaproxyProcess wrong = HaproxyProcess.start(manifests, DEPLOYMENT, "not-the-password",
                work.resolve("haproxy-wrong"), resolution)) {
            awaitTrue(Duration.ofSeconds(10), "every check of the wrong-password HAProxy has failed on AUTH", () ->
                    wrong.stats().stream().filter(r -> r.get("pxname").startsWith("node-") && !"BACKEND".equals(r.get("svname")))
                            .allMatch(r -> r.get("status").startsWith("DOWN") && r.get("check_status").startsWith("L7")));
            assertThat(ping(wrong)).as("a client of the wrong-password HAProxy").startsWith("error");
        }
    }

    private void writesReachThePrimaryOnly(HaproxyProcess haproxy) {
        assertThat(haproxy.readinessStatus()).as("readiness probe").isEqualTo(200);
        awaitTrue(Duration.ofSeconds(10), "HAProxy takes writes", () -> "OK".equals(set(haproxy, "probe", "1")));
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", haproxy.port("redis")), DefaultJedisClientConfig.builder()
                .password(PASSWORD).socketTimeoutMillis(15_000).build())) {
            jedis.set("before", "1");
            assertThat(jedis.waitReplicas(NODES - 1, 5000)).as("replicas acknowledging through HAProxy").isEqualTo(NODES - 1);
        }
        assertThat(runIdThrough(haproxy)).as("writes reach node-0, the primary").isEqualTo(runId(redis.get(0)));
        awaitTrue(Duration.ofSeconds(5), "both live replicas fail the write check on ROLE", () ->
                haproxy.serverState("node-1", "redis").equals("DOWN L7RSP")
                        && haproxy.serverState("node-2", "redis").equals("DOWN L7RSP"));

        Map<String, String> services = new LinkedHashMap<>(names);
        services.put(FULLNAME, "127.0.0.1");
        services.put(FULLNAME + "-sentinel", block + "2");
        String hook = HelmTestPodProcess.run(manifests.get("Pod", FULLNAME + "-test-setget"), PASSWORD,
                new MountNamespace(Map.of("/etc/hosts", file("hook-hosts", FakeDns.hostsFile(services)))), work.resolve("helm-test.log"));
        assertThat(hook).as("helm test pod output").contains("SET through the write Service " + FULLNAME);

        awaitTrue(Duration.ofSeconds(5), "the read port serves a replica", () -> {
            try (Jedis reader = client(haproxy, "redis-read")) {
                return reader.info("replication").contains("role:slave") && "1".equals(reader.get("before"));
            }
        });
    }

    /** Replicas join the election after their first sync; every Sentinel reads that within 10 s. */
    private void awaitReplicasPromotable() {
        awaitTrue(Duration.ofSeconds(40), "every Sentinel sees both replicas promotable and fresh",
                SentinelViews.replicasPromotable(sentinels, "mymaster", 2));
    }

    /** kill -9 of the primary under a writer: prints the switch time, then checks where writes went. */
    private int writesFollowAFailover(HaproxyProcess haproxy) {
        String oldPrimary = names.keySet().iterator().next();
        awaitReplicasPromotable();
        redis.get(0).kill();
        long killed = System.nanoTime();
        KeptConnectionWriter writer = new KeptConnectionWriter(() -> client(haproxy), "after-kill:");
        long promoted = 0;
        String newPrimary = null;
        while (writer.lastSuccess == 0 && System.nanoTime() - killed < Duration.ofSeconds(20).toNanos()) {
            writer.writeOnce();
            if (promoted == 0) {
                String named = primaryNamedBy(sentinels.get(1));
                if (!named.equals(oldPrimary)) {
                    promoted = System.nanoTime();
                    newPrimary = named;
                }
            }
            sleep(Duration.ofMillis(20));
        }
        writer.close();
        assertThat(writer.lastSuccess).as("a write through HAProxy succeeded after the kill; logs:\n%s\n%s",
                haproxy.log(), processes.logs()).isPositive();
        assertThat(promoted).as("Sentinel named a new primary").isPositive();
        System.out.printf("HAProxy write switch: first write on the new primary %s %d ms after the primary was "
                + "killed, %d ms after a Sentinel named it (down-after-milliseconds %d, check interval 1000 ms); "
                + "%d writes failed meanwhile, %d of them READONLY%n", newPrimary,
                Duration.ofNanos(writer.lastSuccess - killed).toMillis(), Duration.ofNanos(writer.lastSuccess - promoted).toMillis(),
                DOWN_AFTER_MS, writer.failures, writer.readOnly);

        // On a loaded machine the Sentinels may retry the failover onto another replica: the
        // node writes must reach is the one they name once HAProxy took writes again.
        newPrimary = primaryNamedBy(sentinels.get(1));
        int promotedNode = names.keySet().stream().toList().indexOf(newPrimary);
        assertThat(runIdThrough(haproxy)).as("writes reach the promoted node").isEqualTo(runId(redis.get(promotedNode)));
        try (Jedis direct = redis.get(promotedNode).connect()) {
            assertThat(direct.get("before")).as("a write WAIT acknowledged before the failover").isEqualTo("1");
            assertThat(direct.get(writer.lastKey)).as("the write HAProxy acknowledged is on the new primary").isNotNull();
        }
        assertThat(writer.readOnly).as("writes that reached a replica (READONLY)").isZero();
        int replica = promotedNode == 1 ? 2 : 1;
        String newHost = newPrimary;
        awaitTrue(Duration.ofSeconds(10), "the remaining replica follows the new primary", () -> {
            try (Jedis jedis = redis.get(replica).connect()) {
                return jedis.info("replication").contains("master_host:" + newHost);
            }
        });
        assertThat(haproxy.serverState("node-" + replica, "redis")).as("the remaining replica").isEqualTo("DOWN L7RSP");
        assertThat(haproxy.serverState("node-0", "redis")).as("the killed node").startsWith("DOWN L4");
        return promotedNode;
    }

    /**
     * SENTINEL FAILOVER (a planned hand-over without pausing writes) under a writer: the old
     * primary keeps answering ROLE as master for seconds, so only the Sentinel majority check
     * takes it out of HAProxy. Prints the longest time without a successful write and how many
     * writes (acknowledged without WAIT) reached the old primary after the promotion.
     */
    private void writesFollowAGracefulFailover(HaproxyProcess haproxy, int primary) {
        String oldPrimary = names.keySet().stream().toList().get(primary);
        // A Sentinel answers INPROG while it still finishes the previous failover.
        awaitTrue(Duration.ofSeconds(15), "a Sentinel starts a failover", () -> {
            try (Jedis sentinel = sentinels.get(1).connect()) {
                return "OK".equals(sentinel.sentinelFailover("mymaster"));
            }
        });
        long started = System.nanoTime();
        KeptConnectionWriter writer = new KeptConnectionWriter(() -> client(haproxy), "graceful:");
        long previous = started;
        long longestGap = 0;
        long promoted = 0;
        long oldPrimaryOut = 0;
        // HAProxy shows the old primary DOWN a moment before it has shut that server's sessions
        // down (seen under load): the write that counts is one acknowledged a second later.
        long sessionsShut = Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() - started < Duration.ofSeconds(20).toNanos()
                && (oldPrimaryOut == 0 || writer.lastSuccess < oldPrimaryOut + sessionsShut)) {
            writer.writeOnce();
            if (writer.lastSuccess > previous) {
                longestGap = Math.max(longestGap, writer.lastSuccess - previous);
                previous = writer.lastSuccess;
            }
            if (promoted == 0 && !primaryNamedBy(sentinels.get(1)).equals(oldPrimary)) {
                promoted = System.nanoTime();
            }
            if (promoted != 0 && oldPrimaryOut == 0 && haproxy.serverState("node-" + primary, "redis").startsWith("DOWN")) {
                oldPrimaryOut = System.nanoTime();
            }
            sleep(Duration.ofMillis(20));
        }
        writer.close();
        assertThat(promoted).as("Sentinel named a new primary after SENTINEL FAILOVER").isPositive();
        assertThat(oldPrimaryOut).as("HAProxy took the old primary out").isPositive();
        String newPrimary = primaryNamedBy(sentinels.get(1));
        int newNode = names.keySet().stream().toList().indexOf(newPrimary);
        // Whether Sentinel has already turned it into a replica or not, the old primary fails the check.
        assertThat(haproxy.serverState("node-" + primary, "redis"))
                .as("the old primary fails the ROLE or the Sentinel majority part of the check").startsWith("DOWN");
        assertThat(runIdThrough(haproxy)).as("writes reach the promoted node").isEqualTo(runId(redis.get(newNode)));
        long lost;
        try (Jedis direct = redis.get(newNode).connect()) {
            assertThat(direct.get(writer.lastKey)).as("the last acknowledged write (%s) is on the new primary %s\n%s\n%s",
                    writer.lastKey, newPrimary, haproxy.log(), processes.logs()).isNotNull();
            lost = writer.acknowledged.stream().filter(k -> direct.get(k) == null).count();
        }
        System.out.printf("HAProxy graceful switch (SENTINEL FAILOVER): old primary out of HAProxy %d ms after a Sentinel "
                + "named the new one; longest time without a successful write %d ms; %d writes failed (%d READONLY); "
                + "%d of %d writes acknowledged without WAIT went to the old primary during the hand-over and are not on "
                + "the new one%n",
                Duration.ofNanos(oldPrimaryOut - promoted).toMillis(), Duration.ofNanos(longestGap).toMillis(),
                writer.failures, writer.readOnly, lost, writer.acknowledged.size());
    }

    /** A container port of the node StatefulSet, as rendered. */
    private int port(String name) {
        for (JsonNode container : manifests.get("StatefulSet", FULLNAME + "-node").at("/spec/template/spec/containers")) {
            for (JsonNode port : container.path("ports")) {
                if (name.equals(port.path("name").asText())) {
                    return port.path("containerPort").asInt();
                }
            }
        }
        throw new AssertionError("no container port " + name);
    }

    private Jedis client(HaproxyProcess haproxy) {
        return client(haproxy, "redis");
    }

    private Jedis client(HaproxyProcess haproxy, String port) {
        // With the default user off, the ACL user app; the default user otherwise.
        boolean aclOn = manifests.find("Secret", FULLNAME + "-acl").isPresent();
        return new Jedis(new HostAndPort("127.0.0.1", haproxy.port(port)), DefaultJedisClientConfig.builder()
                .user(aclOn ? "app" : null).password(aclOn ? APP_PASSWORD : PASSWORD).connectionTimeoutMillis(1000).socketTimeoutMillis(2000).build());
    }

    private String set(HaproxyProcess haproxy, String key, String value) {
        try (Jedis jedis = client(haproxy)) {
            return jedis.set(key, value);
        }
    }

    private String ping(HaproxyProcess haproxy) {
        try (Jedis jedis = client(haproxy)) {
            return jedis.ping();
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    private String runIdThrough(HaproxyProcess haproxy) {
        try (Jedis jedis = client(haproxy)) {
            return runIdIn(jedis.info("server"));
        }
    }

    private static String runId(RedisProcess redis) {
        try (Jedis jedis = redis.connect()) {
            return runIdIn(jedis.info("server"));
        }
    }

    private static String runIdIn(String info) {
        return info.lines().filter(l -> l.startsWith("run_id:")).findFirst().orElseThrow();
    }

    private static String primaryNamedBy(RedisProcess sentinel) {
        try (Jedis jedis = sentinel.connect()) {
            return jedis.sentinelGetMasterAddrByName("mymaster").get(0);
        }
    }

    private Path file(String name, String text) {
        try {
            return Files.writeString(work.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
        Await.until(timeout, Duration.ofMillis(50), what, condition, processes::logs);
    }
}
