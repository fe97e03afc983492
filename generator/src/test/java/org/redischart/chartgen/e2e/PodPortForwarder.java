package org.redischart.chartgen.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;

/**
 * Reaches pods from the test JVM through fabric8 port-forwards. As a Jedis
 * {@link HostAndPortMapper} it turns the addresses Redis and Sentinel announce (pod IPs or
 * pod DNS names, unreachable from outside the cluster) into a local forward to that pod, so
 * a Java client follows a failover exactly as it would inside the cluster.
 */
final class PodPortForwarder implements HostAndPortMapper, AutoCloseable {
    private static final String LOCALHOST = "127.0.0.1";

    private final KubernetesClient client;
    private final String namespace;
    /** Keyed by pod UID and port: a pod recreated under the same name gets a fresh forward. */
    private final Map<String, LocalPortForward> byPod = new HashMap<>();
    private final List<LocalPortForward> all = new ArrayList<>();

    PodPortForwarder(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    synchronized HostAndPort toPod(Pod pod, int port) {
        String key = pod.getMetadata().getUid() + ":" + port;
        LocalPortForward forward = byPod.get(key);
        if (forward == null || !forward.isAlive()) {
            forward = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).portForward(port);
            byPod.put(key, forward);
            all.add(forward);
        }
        return new HostAndPort(LOCALHOST, forward.getLocalPort());
    }

    /** A forward through a Service (fabric8 picks one of its ready pods). */
    synchronized HostAndPort toService(String service, int port) {
        LocalPortForward forward = client.services().inNamespace(namespace).withName(service).portForward(port);
        all.add(forward);
        return new HostAndPort(LOCALHOST, forward.getLocalPort());
    }

    /** The pod an announced host (IP or DNS name) belongs to, if it is in this namespace. */
    Optional<Pod> podOf(String host) {
        String firstLabel = host.split("\\.", 2)[0];
        boolean ip = host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(pod -> ip ? host.equals(pod.getStatus().getPodIP())
                        : firstLabel.equals(pod.getMetadata().getName()))
                .findFirst();
    }

    @Override
    public HostAndPort getHostAndPort(HostAndPort announced) {
        if (LOCALHOST.equals(announced.getHost())) {
            return announced;
        }
        // Unknown hosts are returned as they are: the connection fails and the caller retries.
        return podOf(announced.getHost()).map(pod -> toPod(pod, announced.getPort())).orElse(announced);
    }

    @Override
    public synchronized void close() {
        for (LocalPortForward forward : all) {
            try {
                forward.close();
            } catch (IOException | RuntimeException e) {
                // A forward to a deleted pod may already be broken; closing the rest matters more.
            }
        }
        all.clear();
        byPod.clear();
    }
}
