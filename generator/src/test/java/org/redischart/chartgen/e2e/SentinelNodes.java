package org.redischart.chartgen.e2e;

import static org.redischart.chartgen.e2e.ReleaseObjects.SENTINEL_PORT;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A release's Sentinels, reached from the test JVM. Sentinels announce pod addresses; the
 * {@link PodPortForwarder} maps them, so the test asks the same questions a client does.
 */
final class SentinelNodes {
    private final ReleaseObjects objects;
    private final PodPortForwarder forwarder;
    private final JedisClientConfig config;

    SentinelNodes(ReleaseObjects objects, PodPortForwarder forwarder, String password) {
        this.objects = objects;
        this.forwarder = forwarder;
        this.config = configFor(password);
    }

    JedisClientConfig config() {
        return config;
    }

    /** The Sentinels' own addresses (pod IP:26379), as a Sentinel client is configured with them. */
    Set<HostAndPort> addresses() {
        return pods().stream().map(pod -> new HostAndPort(pod.getStatus().getPodIP(), SENTINEL_PORT))
                .collect(Collectors.toSet());
    }

    List<Pod> pods() {
        List<Pod> pods = objects.podsServing(SENTINEL_PORT);
        if (pods.isEmpty()) {
            throw new AssertionError("no pod of the release declares the Sentinel port " + SENTINEL_PORT);
        }
        return pods;
    }

    /** The name of the one master set the Sentinels monitor. */
    String masterName() {
        try (Jedis sentinel = anyReadySentinel()) {
            List<Map<String, String>> masters = sentinel.sentinelMasters();
            if (masters.size() != 1) {
                throw new AssertionError("Sentinel monitors " + masters.size() + " masters, expected 1: " + masters);
            }
            return masters.get(0).get("name");
        }
    }

    /** The master address a Sentinel gives clients right now. */
    HostAndPort masterAddress(String masterName) {
        try (Jedis sentinel = anyReadySentinel()) {
            List<String> address = sentinel.sentinelGetMasterAddrByName(masterName);
            return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
        }
    }

    private Jedis anyReadySentinel() {
        return anyReadySentinelWith(config);
    }

    /** Sentinels may or may not require the password; PING tells which. */
    private JedisClientConfig configFor(String password) {
        JedisClientConfig open = builder().build();
        try (Jedis sentinel = anyReadySentinelWith(open)) {
            sentinel.ping();
            return open;
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOAUTH")) {
                return builder().password(password).build();
            }
            throw e;
        }
    }

    private Jedis anyReadySentinelWith(JedisClientConfig clientConfig) {
        Pod pod = pods().stream().filter(ReleaseObjects::isReady).findFirst()
                .orElseThrow(() -> new IllegalStateException("no ready Sentinel pod: " + ReleaseObjects.readiness(pods())));
        return new Jedis(forwarder.toPod(pod, SENTINEL_PORT), clientConfig);
    }

    private DefaultJedisClientConfig.Builder builder() {
        return DefaultJedisClientConfig.builder().hostAndPortMapper(forwarder)
                .connectionTimeoutMillis(5_000).socketTimeoutMillis(15_000)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    }
}
