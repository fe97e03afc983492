package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.redischart.chartgen.testing.LocalPods.freePort;
import static org.redischart.chartgen.testing.LocalPods.loopbackBlock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Await;
import org.redischart.chartgen.testing.ExecProbe;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RedisProcess;
import org.redischart.chartgen.testing.RenderedPod;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.SentinelViews;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * ACL users (acl.users, acl.defaultUser, disableCommands) and a Sentinel password of its own
 * (sentinel.auth) on real redis-server and redis-sentinel processes started by the chart's
 * own scripts: each user can run what its rules allow and gets NOPERM for the rest, the
 * default user turned off refuses an unauthenticated PING, replicas sync as chart-replication,
 * Sentinels monitor as chart-sentinel and fail over, and no password is on a command line.
 */
class AclRealRedisTest {
    static final String RELEASE = "acl";
    static final String FULLNAME = "acl-redis";
    static final String PASSWORD = "main-pass \"with\" spaces\\and quotes";
    static final String APP_PASSWORD = "app-pass-7Qx";
    static final String READER_PASSWORD = "reader-pass-2Lm";
    static final String SENTINEL_PASSWORD = "sentinel-pass-9Zt";
    static final String USERS = """
            acl:
              defaultUser:
                enabled: false
              users:
                - name: app
                  rules: "+@read +@write +@connection ~cache:*"
                  password: %s
                - name: reader
                  rules: "+@read +@connection ~*"
                  password: %s
                - name: admin
                  rules: "+@all ~*"
            """.formatted(APP_PASSWORD, READER_PASSWORD);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    @RegisterExtension
    final LocalPods pods = new LocalPods(PASSWORD).onRedisImageRoot();

    /** The Redis this suite runs: Redis 8 from the trixie root, or the host's with -Drealredis.redis=host. */
    @BeforeAll
    static void printTheRedisItRuns() {
        System.out.println("acl real redis: " + LocalPods.redisVersion());
    }

    @TempDir
    Path work;

    @Test
    void usersRunWhatTheirRulesAllowAndReplicasSyncAsTheReplicationUser() throws IOException {
        int port = freePort();
        Manifests manifests = render("""
                architecture: replication
                profile: cache
                persistence:
                  enabled: true
                replica:
                  replicaCount: 1
                redis:
                  port: %d
                """.formatted(port) + USERS);
        String block = loopbackBlock();
        String primaryHost = FULLNAME + "-primary-0." + FULLNAME + "-primary-headless.default.svc.cluster.local";
        Map<String, String> hosts = Map.of(primaryHost, block + 1);
        RenderedPod primaryPod = RenderedPod.of(manifests, FULLNAME + "-primary", 0, block + 1, PASSWORD, work, hosts);
        RedisProcess primary = pods.start(primaryPod, "redis", port, "chart-internal", PASSWORD);
        RedisProcess replica = pods.start(RenderedPod.of(manifests, FULLNAME + "-replica", 0, block + 2, PASSWORD, work, hosts),
                "redis", port, "chart-internal", PASSWORD);
        String generated = secretValue(manifests, FULLNAME + "-acl", "user-admin");

        try (Jedis anonymous = new Jedis(primary.address())) {
            assertThatThrownBy(anonymous::ping).as("unauthenticated PING with the default user off")
                    .hasMessageContaining("NOAUTH");
            assertThatThrownBy(() -> anonymous.auth(PASSWORD)).as("the default user is off")
                    .hasMessageContaining("WRONGPASS");
        }
        try (Jedis app = connect(primary.address(), "app", APP_PASSWORD)) {
            assertThat(app.set("cache:greeting", "hello")).isEqualTo("OK");
            assertThat(app.get("cache:greeting")).isEqualTo("hello");
            assertThatThrownBy(() -> app.set("orders:1", "x")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> app.configGet("maxmemory")).hasMessageContaining("NOPERM");
            assertThatThrownBy(app::flushAll).as("disableCommands (cache profile)").hasMessageContaining("NOPERM");
        }
        try (Jedis reader = connect(primary.address(), "reader", READER_PASSWORD)) {
            assertThat(reader.get("cache:greeting")).isEqualTo("hello");
            assertThatThrownBy(() -> reader.set("cache:greeting", "bye")).hasMessageContaining("NOPERM");
        }
        try (Jedis admin = connect(primary.address(), "admin", generated)) {
            assertThat(admin.set("orders:1", "x")).as("a chart-generated user password works").isEqualTo("OK");
            assertThatThrownBy(admin::flushAll).hasMessageContaining("NOPERM");
            assertThatThrownBy(admin::flushDB).hasMessageContaining("NOPERM");
            // DEBUG is refused anyway (enable-debug-command no); ACL DRYRUN shows the ACL refuses it too.
            assertThat(String.valueOf(redis.clients.jedis.util.SafeEncoder.encodeObject(admin.sendCommand(
                    () -> "ACL".getBytes(StandardCharsets.US_ASCII), "DRYRUN", "admin", "DEBUG", "SLEEP", "0"))))
                    .contains("no permissions to run the 'debug' command");
            assertThat(admin.waitReplicas(1, 10_000)).as("the replica acknowledges").isEqualTo(1);
        }
        try (Jedis replication = connect(primary.address(), "chart-replication", derived("replication"))) {
            assertThatThrownBy(() -> replication.get("cache:greeting")).as("the replication user only replicates")
                    .hasMessageContaining("NOPERM");
        }
        try (Jedis jedis = replica.connect()) {
            assertThat(jedis.info("replication")).contains("master_link_status:up");
            assertThat(jedis.get("cache:greeting")).isEqualTo("hello");
        }
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(ExecProbe.exitCode(primaryPod.probeCommand("redis", probe), primaryPod.env("redis")))
                    .as(probe + " as chart-internal").isZero();
        }
        for (RedisProcess redis : List.of(primary, replica)) {
            assertThat(redis.commandLine()).as("redis-server's command line").startsWith("redis-server")
                    .doesNotContain(PASSWORD, APP_PASSWORD, READER_PASSWORD, generated, derived("replication"));
        }
    }

    @Test
    void sentinelsMonitorAsTheirOwnUserWithTheirOwnPasswordAndFailOver() throws IOException {
        int redisPort = freePort();
        int sentinelPort = freePort();
        Manifests manifests = render("""
                architecture: sentinel
                haproxy:
                  enabled: false
                redis:
                  port: %d
                  minReplicasMaxLag: 1
                sentinel:
                  port: %d
                  downAfterMilliseconds: 3000
                  failoverTimeout: 5000
                  auth:
                    enabled: true
                    password: %s
                """.formatted(redisPort, sentinelPort, SENTINEL_PASSWORD) + USERS);
        String block = loopbackBlock();
        Map<String, String> hosts = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            hosts.put(FULLNAME + "-node-" + i + "." + FULLNAME + "-node-headless.default.svc.cluster.local", block + (i + 1));
        }
        List<RenderedPod> nodes = new ArrayList<>();
        List<RedisProcess> sentinels = new ArrayList<>();
        List<RedisProcess> redis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(RenderedPod.of(manifests, FULLNAME + "-node", i, block + (i + 1), PASSWORD, work, hosts));
            sentinels.add(pods.start(nodes.get(i), "sentinel", sentinelPort, (String) null, SENTINEL_PASSWORD));
        }
        for (int i = 0; i < 3; i++) {
            redis.add(pods.start(nodes.get(i), "redis", redisPort, "chart-internal", PASSWORD));
        }
        try (Jedis sentinel = new Jedis(sentinels.get(0).address())) {
            assertThatThrownBy(sentinel::ping).as("Sentinel without its password").hasMessageContaining("NOAUTH");
            assertThatThrownBy(() -> sentinel.auth(PASSWORD)).as("the Redis password does not open Sentinel")
                    .hasMessageContaining("WRONGPASS");
        }
        awaitTrue(Duration.ofSeconds(20), "every Sentinel sees 2 replicas and 2 other Sentinels", () ->
                sentinels.stream().allMatch(s -> {
                    try (Jedis jedis = s.connect()) {
                        Map<String, String> master = jedis.sentinelMaster("mymaster");
                        return "2".equals(master.get("num-slaves")) && "2".equals(master.get("num-other-sentinels"))
                                && !master.get("flags").contains("down");
                    }
                }));
        awaitTrue(Duration.ofSeconds(20), "both replicas synced and the app user writing", () -> {
            try (Jedis app = connect(redis.get(0).address(), "app", APP_PASSWORD)) {
                return "OK".equals(app.set("cache:before", "failover")) && app.waitReplicas(2, 2000) == 2;
            } catch (RuntimeException e) {
                return false;
            }
        });
        awaitTrue(Duration.ofSeconds(40), "every Sentinel sees both replicas promotable",
                SentinelViews.replicasPromotable(sentinels, "mymaster", 2));
        redis.get(0).kill();
        awaitTrue(Duration.ofSeconds(20), "a Sentinel promotes a replica", () -> {
            try (Jedis jedis = sentinels.get(1).connect()) {
                return !jedis.sentinelGetMasterAddrByName("mymaster").get(0).equals(block + 1);
            }
        });
        String promoted;
        try (Jedis jedis = sentinels.get(1).connect()) {
            promoted = jedis.sentinelGetMasterAddrByName("mymaster").get(0);
        }
        awaitTrue(Duration.ofSeconds(15), "the app user writes to the new primary", () -> {
            try (Jedis app = connect(new HostAndPort(promoted, redisPort), "app", APP_PASSWORD)) {
                return "OK".equals(app.set("cache:after", "failover")) && "failover".equals(app.get("cache:before"));
            } catch (RuntimeException e) {
                return false;
            }
        });
        for (RedisProcess process : sentinels) {
            assertThat(process.commandLine()).as("redis-sentinel's command line")
                    .doesNotContain(PASSWORD, SENTINEL_PASSWORD, derived("sentinel"));
        }
        for (RenderedPod node : nodes.subList(1, 3)) {
            assertThat(ExecProbe.exitCode(node.probeCommand("sentinel", "readinessProbe"), node.env("sentinel")))
                    .as("the Sentinel's probe with its own password").isZero();
        }
    }

    private Manifests render(String values) throws IOException {
        Path file = Files.writeString(work.resolve("values-" + System.nanoTime() + ".yaml"),
                "auth:\n  password: '" + PASSWORD.replace("'", "''") + "'\n" + values);
        return Manifests.parse(helm.render(RELEASE, file));
    }

    private static Jedis connect(HostAndPort address, String user, String password) {
        return new Jedis(address, DefaultJedisClientConfig.builder().user(user).password(password)
                .connectionTimeoutMillis(2000).socketTimeoutMillis(10_000).build());
    }

    private static String secretValue(Manifests manifests, String secret, String key) {
        return new String(java.util.Base64.getDecoder().decode(
                manifests.get("Secret", secret).path("data").path(key).asText()), StandardCharsets.UTF_8);
    }

    /** An internal user's password as auth.sh derives it: SHA-256 of "<auth password>:<name>", in hex. */
    static String derived(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((PASSWORD + ":" + name).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
        Await.until(timeout, Duration.ofMillis(50), what, condition, pods::logs);
    }
}
