package org.redischart.chartgen.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a release created in its own namespace, read back with fabric8. Pods are told apart
 * by the ports their containers declare, not by names, so the queries hold for every
 * architecture: Redis serves 6379, Sentinel 26379.
 */
final class ReleaseObjects {
    static final int REDIS_PORT = 6379;
    static final int SENTINEL_PORT = 26379;
    static final String PASSWORD_KEY = "redis-password";
    private static final String INSTANCE = "app.kubernetes.io/instance";

    private final KubernetesClient client;
    private final String namespace;
    private final String release;

    ReleaseObjects(KubernetesClient client, String namespace, String release) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
    }

    /** The chart's object name prefix (redis.fullname) for a release name without "redis". */
    String fullname() {
        return release + "-redis";
    }

    String password() {
        Secret secret = client.secrets().inNamespace(namespace).withName(fullname()).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey(PASSWORD_KEY)) {
            throw new AssertionError("Secret " + namespace + "/" + fullname() + " has no key " + PASSWORD_KEY);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(PASSWORD_KEY)), StandardCharsets.UTF_8);
    }

    /** The release's pods that serve: neither being deleted nor finished (hook pods). */
    List<Pod> pods() {
        return livePods().stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** The release's pods that have not finished, including ones still shutting down. */
    List<Pod> livePods() {
        return client.pods().inNamespace(namespace).withLabel(INSTANCE, release).list().getItems().stream()
                .filter(pod -> !"Succeeded".equals(pod.getStatus().getPhase()))
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
    }

    Optional<Pod> pod(String name) {
        return pods().stream().filter(pod -> name.equals(pod.getMetadata().getName())).findFirst();
    }

    boolean secretExists() {
        return client.secrets().inNamespace(namespace).withName(fullname()).get() != null;
    }

    /** The Redis (or Sentinel) pods declaring the port; HAProxy's, which forward to the primary, are not among them. */
    List<Pod> podsServing(int port) {
        return pods().stream().filter(pod -> declares(pod, port))
                .filter(pod -> !"haproxy".equals(pod.getMetadata().getLabels().get("app.kubernetes.io/component"))).toList();
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String readiness(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName() + "=" + p.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType())).map(PodCondition::getStatus).findFirst().orElse("?"))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static boolean declares(Pod pod, int port) {
        return pod.getSpec().getContainers().stream().map(Container::getPorts).filter(ports -> ports != null)
                .flatMap(List::stream).map(ContainerPort::getContainerPort).anyMatch(p -> p == port);
    }

    Set<String> pvcNames() {
        return client.persistentVolumeClaims().inNamespace(namespace).list().getItems().stream()
                .map(PersistentVolumeClaim::getMetadata).map(m -> m.getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The claims Kubernetes keeps when the release's StatefulSets are deleted: all of them,
     * unless a StatefulSet says {@code persistentVolumeClaimRetentionPolicy.whenDeleted: Delete}.
     */
    Set<String> pvcsRetainedOnDelete() {
        Set<String> deleted = new TreeSet<>();
        for (StatefulSet sts : client.apps().statefulSets().inNamespace(namespace).withLabel(INSTANCE, release)
                .list().getItems()) {
            var policy = sts.getSpec().getPersistentVolumeClaimRetentionPolicy();
            if (policy != null && "Delete".equals(policy.getWhenDeleted())) {
                String suffix = "-" + sts.getMetadata().getName() + "-";
                pvcNames().stream().filter(name -> sts.getSpec().getVolumeClaimTemplates().stream()
                        .anyMatch(t -> name.startsWith(t.getMetadata().getName() + suffix))).forEach(deleted::add);
            }
        }
        Set<String> retained = new TreeSet<>(pvcNames());
        retained.removeAll(deleted);
        return retained;
    }
}
