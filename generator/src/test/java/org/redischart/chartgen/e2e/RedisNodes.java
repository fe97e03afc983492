package org.redischart.chartgen.e2e;

import static org.redischart.chartgen.e2e.ReleaseObjects.REDIS_PORT;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/** Jedis connections to a release's Redis pods, each through its own port-forward. */
final class RedisNodes {
    private final ReleaseObjects objects;
    private final PodPortForwarder forwarder;
    private final String password;

    RedisNodes(ReleaseObjects objects, PodPortForwarder forwarder, String password) {
        this.objects = objects;
        this.forwarder = forwarder;
        this.password = password;
    }

    /** Client settings for Redis: the release's password, announced addresses mapped to forwards. */
    JedisClientConfig config() {
        return DefaultJedisClientConfig.builder().password(password).hostAndPortMapper(forwarder)
                .connectionTimeoutMillis(5_000).socketTimeoutMillis(15_000)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build();
    }

    Jedis connect(HostAndPort address) {
        return new Jedis(address, config());
    }

    /** Through the release's Service, as an application in the cluster would connect. */
    Jedis viaService() {
        return connect(forwarder.toService(objects.fullname(), REDIS_PORT));
    }

    Jedis to(Pod pod) {
        return connect(forwarder.toPod(pod, REDIS_PORT));
    }

    /** The pod's replication role: {@code master} or {@code slave}. */
    String role(Pod pod) {
        try (Jedis redis = to(pod)) {
            Object role = redis.role().get(0);
            return role instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(role);
        }
    }

    /** The one pod answering ROLE with master, once every Redis pod is ready and agrees. */
    Pod primary(Duration timeout) {
        List<Pod> masters = Eventually.await("exactly one ready Redis pod is a master", timeout, () -> {
            List<Pod> pods = objects.podsServing(REDIS_PORT);
            if (!pods.stream().allMatch(ReleaseObjects::isReady)) {
                throw new IllegalStateException("not all Redis pods are ready: " + ReleaseObjects.readiness(pods));
            }
            return pods.stream().filter(pod -> "master".equals(role(pod))).toList();
        }, found -> found.size() == 1);
        return masters.get(0);
    }

    /** A CONFIG value as each Redis pod reports it (pod name → value). */
    Map<String, String> configOfEveryPod(String parameter) {
        List<Pod> pods = objects.podsServing(REDIS_PORT);
        if (pods.isEmpty()) {
            throw new IllegalStateException("the release has no Redis pods to ask");
        }
        Map<String, String> values = new TreeMap<>();
        for (Pod pod : pods) {
            try (Jedis redis = to(pod)) {
                values.put(pod.getMetadata().getName(), redis.configGet(parameter).get(parameter));
            }
        }
        return values;
    }

    /** Missing or wrong keys per pod, read from every Redis pod (replicas included). */
    Map<String, List<String>> missingOnEveryPod(Dataset dataset) {
        List<Pod> pods = objects.podsServing(REDIS_PORT);
        if (pods.isEmpty()) {
            throw new IllegalStateException("the release has no Redis pods to read from");
        }
        Map<String, List<String>> missing = new TreeMap<>();
        for (Pod pod : pods) {
            try (Jedis redis = to(pod)) {
                List<String> gaps = dataset.missingIn(redis::get);
                if (!gaps.isEmpty()) {
                    missing.put(pod.getMetadata().getName(), gaps);
                }
            }
        }
        return missing;
    }
}
