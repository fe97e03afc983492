package org.redischart.chartgen.testing.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.testing.Manifests;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The pods of one or more rendered StatefulSets on a {@link PodNetwork}, each pod in its own
 * network namespace (see {@link Pod}). Nothing runs until a pod is started. Register with
 * try-with-resources or close in {@code finally}: closing kills every process and removes
 * every namespace and directory, also after a failure.
 */
public final class StatefulSetPods implements AutoCloseable {
    private final Manifests manifests;
    private final String password;
    private final Path root;
    private final PodNetwork network;
    private final List<Pod> pods = new ArrayList<>();
    private ImageRoots imageRoots;

    /** {@code root} holds the pods' claims, emptyDirs, ConfigMap files and logs. */
    public StatefulSetPods(Manifests manifests, String password, Path root) {
        this(manifests, password, root, false);
    }

    /** As {@link #StatefulSetPods(Manifests, String, Path)}, on an IPv6-only pod network when {@code ipv6}. */
    public StatefulSetPods(Manifests manifests, String password, Path root, boolean ipv6) {
        this.manifests = manifests;
        this.password = password;
        this.root = root;
        try {
            // Unix socket paths are short (108 bytes): the proxies' sockets live under /tmp.
            this.network = new PodNetwork(java.nio.file.Files.createTempDirectory("rcnet-"), ipv6);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs the containers of every pod, added before or after, chrooted into the root that
     * stands for their image (read-only, as the image's uid, only the volumes writable).
     */
    public StatefulSetPods withImageRoots(ImageRoots roots) {
        this.imageRoots = roots;
        pods.forEach(p -> p.useImageRoots(roots));
        return this;
    }

    /**
     * Adds the pods of StatefulSet {@code name} (spec.replicas of them) whose headless
     * Service is spec.serviceName in namespace {@code namespace}, cluster domain cluster.local.
     */
    public List<Pod> addStatefulSet(String name, String namespace) {
        JsonNode statefulSet = manifests.get("StatefulSet", name);
        int replicas = statefulSet.path("spec").path("replicas").asInt(1);
        String service = statefulSet.path("spec").path("serviceName").asText();
        List<Pod> added = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String dns = name + "-" + i + "." + service + "." + namespace + ".svc.cluster.local";
            Pod pod = new Pod(manifests, statefulSet, i, dns, 10 + pods.size(), password, network, root);
            pods.add(pod);
            if (imageRoots != null) {
                pod.useImageRoots(imageRoots);
            }
            added.add(pod);
        }
        return added;
    }

    /**
     * Adds the pods a scaled StatefulSet {@code name} of {@code scaled} (a later render, as
     * after helm upgrade) has beyond those already added: ordinals from the current count.
     */
    public List<Pod> scaleStatefulSet(Manifests scaled, String name, String namespace) {
        JsonNode statefulSet = scaled.get("StatefulSet", name);
        String prefix = name + "-";
        long existing = pods.stream().filter(p -> p.name().startsWith(prefix)
                && p.name().substring(prefix.length()).matches("[0-9]+")).count();
        String service = statefulSet.path("spec").path("serviceName").asText();
        List<Pod> added = new ArrayList<>();
        for (int i = (int) existing; i < statefulSet.path("spec").path("replicas").asInt(1); i++) {
            String dns = name + "-" + i + "." + service + "." + namespace + ".svc.cluster.local";
            Pod pod = new Pod(scaled, statefulSet, i, dns, 10 + pods.size(), password, network, root);
            pods.add(pod);
            if (imageRoots != null) {
                pod.useImageRoots(imageRoots);
            }
            added.add(pod);
        }
        return added;
    }

    /** The pod of Job {@code name} of {@code rendered} (run it with {@link Pod#runToCompletion}). */
    public Pod addJob(Manifests rendered, String name) {
        return addRunOnce(rendered, rendered.get("Job", name));
    }

    /** The pod of a run-once workload: anything with metadata.name and spec.template.spec (a Job, a wrapped Pod). */
    public Pod addRunOnce(Manifests rendered, JsonNode workload) {
        String name = workload.path("metadata").path("name").asText();
        Pod pod = new Pod(rendered, workload, pods.size(), name + ".job", 10 + pods.size(), password, network, root);
        pods.add(pod);
        if (imageRoots != null) {
            pod.useImageRoots(imageRoots);
        }
        return pod;
    }

    /**
     * The directory every pod mounting Secret {@code name} sees at its mount path (created
     * empty, owned by root, readable by all): the test writes the Secret's keys as files into
     * it, and replaces them there to rotate it, as the kubelet updates a Secret volume.
     */
    public Path secret(String name) {
        Path path = secretDir(root, name);
        try {
            java.nio.file.Files.createDirectories(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return path;
    }

    static Path secretDir(Path root, String name) {
        return root.resolve("secrets").resolve(name);
    }

    public List<Pod> pods() {
        return List.copyOf(pods);
    }

    public PodNetwork network() {
        return network;
    }

    /** The pod whose DNS name is {@code dnsName}. */
    public Pod byDnsName(String dnsName) {
        return pods.stream().filter(p -> p.dnsName().equals(dnsName)).findFirst()
                .orElseThrow(() -> new AssertionError("no pod named " + dnsName + " among " + pods.stream().map(Pod::dnsName).toList()));
    }

    /** Where the test JVM reaches port {@code port} of the pod (through the client namespace). */
    public HostAndPort address(Pod pod, int port) {
        return network.expose(pod.ip(), port);
    }

    /** A new authenticated connection to the pod's port; read timeout {@code timeoutMillis}. */
    public Jedis connect(Pod pod, int port, int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis);
        if (password != null) {
            config.password(password);
        }
        return new Jedis(address(pod, port), config.build());
    }

    /** The last lines of every container's log, for a failure message. */
    public String logs() {
        StringBuilder text = new StringBuilder();
        pods.forEach(p -> text.append(p.logs()));
        return text.toString();
    }

    @Override
    public void close() {
        try {
            pods.forEach(Pod::close);
        } finally {
            network.close();
            PodNetwork.deleteTree(root);
        }
    }
}
