package org.redischart.chartgen.testing.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
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
    private PolicyEnforcer policies;
    private final PodOptions options = new PodOptions();
    private ImageRoots imageRoots;
    private javax.net.ssl.SSLSocketFactory tlsClient;
    private final PollConnections polls = new PollConnections();

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
        // What ships: the containers run in image-like roots unless -Dpods.imageRoots=host.
        settingUp(() -> this.imageRoots = ImageRoots.forPodSuites().orElse(null));
    }

    /**
     * Runs a step of the set-up chain (constructor, enforcingPolicies, withDns); when it fails,
     * closes the network made so far before rethrowing: the caller's try-with-resources never
     * got these pods to close, and a missing host tool left 60 namespaces behind.
     */
    private StatefulSetPods settingUp(Runnable step) {
        try {
            step.run();
            return this;
        } catch (RuntimeException | Error e) {
            try {
                close();
                e.addSuppressed(new IllegalStateException("set-up failed: closed the pod network "
                        + network.namespaceName("sw") + " and its namespaces"));
            } catch (RuntimeException | Error closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Enforces the rendered NetworkPolicies on the pod network (see {@link PolicyEnforcer});
     * the client namespace stands for a client pod of the release namespace labelled
     * "&lt;fullname&gt;-client: true", as the chart README tells clients to be.
     */
    public StatefulSetPods enforcingPolicies() {
        return enforcingPolicies(ClientLabel.of(manifests));
    }

    /** As {@link #enforcingPolicies()}, with a client pod carrying {@code clientLabels} (none: an unlabelled pod). */
    public StatefulSetPods enforcingPolicies(java.util.Map<String, String> clientLabels) {
        return settingUp(() -> {
            policies = network.enforce(NetworkPolicies.of(manifests));
            policies.register(network.clientNamespace(),
                    PolicyEndpoint.pod("client", ClientLabel.releaseNamespace(manifests), clientLabels));
            registerDns();
            pods.forEach(this::enroll);
        });
    }

    /** The cluster DNS, when there is one, is the kube-dns pod the chart's DNS egress rules admit (UDP and TCP 53). */
    private void registerDns() {
        String dnsNamespace = network.dnsNamespace();
        if (policies != null && dnsNamespace != null) {
            policies.register(dnsNamespace, PolicyEndpoint.pod("kube-dns", "kube-system", java.util.Map.of("k8s-app", "kube-dns")));
        }
    }

    /** The enforcer, for extra peers, reachability checks and the report; null unless {@link #enforcingPolicies}. */
    public PolicyEnforcer policies() {
        return policies;
    }

    private void enroll(Pod pod) {
        if (policies != null) {
            policies.register(pod.namespace(), pod.policyEndpoint());
        }
    }

    /**
     * Each container's processes (main process, probes, hooks) in a cgroup with its rendered
     * resources.limits: CPU quota and memory limit, cgroup v1 or v2 ({@link ContainerLimits}).
     */
    public StatefulSetPods withLimits() {
        options.limits = true;
        return this;
    }

    /**
     * Pods resolve each other's names through {@code dns} (caching, negative caching, delays
     * as CoreDNS) instead of hosts files; closing the pods closes it.
     */
    public StatefulSetPods withDns(ClusterDns dns) {
        return settingUp(() -> {
            network.resolveThrough(dns);
            registerDns();
        });
    }

    /**
     * Containers whose process exits are restarted, probes run continuously and liveness
     * failures restart the container, as the kubelet does ({@link Kubelet}); the crash-loop
     * back-off starts at {@code backOff} (the kubelet's is 10 s).
     */
    public StatefulSetPods withKubelet(Duration backOff) {
        options.kubeletBackOff = backOff;
        return this;
    }

    /** A pod started again after a delete, restart or kill of all its containers gets a new address, as a recreated pod does. */
    public StatefulSetPods withNewAddressOnRecreation() {
        options.newAddressOnRecreation = true;
        return this;
    }

    /** Each claim an ext4 filesystem of {@code bytes} (a loop-mounted image) a test can fill ({@link Pod#fillClaim}). */
    public StatefulSetPods withSmallClaims(long bytes) {
        options.claimBytes = bytes;
        return this;
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
            pod.options(options);
            pods.add(pod);
            enroll(pod);
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
            pod.options(options);
            pods.add(pod);
            enroll(pod);
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
        enroll(pod);
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

    /** The test's connections ({@link #connect}, cluster clients) speak TLS with {@code client}'s certificate. */
    public StatefulSetPods withTlsClient(javax.net.ssl.SSLSocketFactory client) {
        this.tlsClient = client;
        return this;
    }

    /** A new authenticated connection to the pod's port; read timeout {@code timeoutMillis}. */
    public Jedis connect(Pod pod, int port, int timeoutMillis) {
        return new Jedis(address(pod, port), clientConfig(timeoutMillis).build());
    }

    /**
     * {@code question}'s answer from port {@code port} of the pod, on a connection kept open for
     * the next look ({@link PollConnections}): for polls, which ask the same pods again and again.
     */
    public <T> T ask(Pod pod, int port, int timeoutMillis, java.util.function.Function<Jedis, T> question) {
        HostAndPort address = address(pod, port);
        return polls.ask(address, timeoutMillis, () -> new Jedis(address, clientConfig(timeoutMillis).build()), question);
    }

    /** How the test's clients connect: the password, TLS when {@link #withTlsClient}, timeouts {@code timeoutMillis}. */
    public DefaultJedisClientConfig.Builder clientConfig(int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis);
        if (password != null) {
            config.password(password);
        }
        if (tlsClient != null) {
            config.ssl(true).sslSocketFactory(tlsClient);
        }
        return config;
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
            polls.close();
            if (policies != null) {
                // The flows the test exercised, and which policy rule admitted each.
                System.out.print("network policy report (" + pods.stream().map(Pod::name).distinct().toList() + "):\n"
                        + policies.report());
            }
            pods.forEach(Pod::close);
        } finally {
            network.close();
            // -Dpods.keep=true keeps the pods' directories (logs, claims) to read after a run.
            if (!Boolean.getBoolean("pods.keep")) {
                PodNetwork.deleteTree(root);
            }
        }
    }
}
