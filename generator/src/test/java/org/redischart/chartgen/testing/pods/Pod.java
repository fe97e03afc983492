package org.redischart.chartgen.testing.pods;

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
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.SecretFiles;

/**
 * One pod of a rendered StatefulSet run as host processes in its own network namespace,
 * each container in a private mount namespace where the pod's volumes sit at their mount
 * paths: the claim is a directory that outlives the pod, every emptyDir a directory made
 * fresh each time the pod starts, every ConfigMap volume the ConfigMap's files, every Secret
 * volume the directory the test filled ({@link StatefulSetPods#secret}), live. Commands,
 * environment, probes and preStop hooks are taken from the manifests unchanged; only what
 * Kubernetes supplies is added ($(VAR) expansion, Secret and field references, HOSTNAME).
 */
public final class Pod {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Manifests manifests;
    private final JsonNode spec;
    private final List<String> claims;
    private final String name;
    private final String dnsName;
    private int host;
    private final String password;
    private final PodNetwork network;
    private final Path dir;
    private final String namespace;
    private final PolicyEndpoint endpoint;
    private final Map<String, ContainerProcess> running = new LinkedHashMap<>();
    private ImageRoots imageRoots;
    private boolean attached;
    private boolean started;
    private PodOptions options = new PodOptions();
    private ContainerLimits limits;
    private Kubelet kubelet;
    private final ClaimVolumes claimVolumes;

    Pod(Manifests manifests, JsonNode statefulSet, int ordinal, String dnsName, int host, String password,
            PodNetwork network, Path root) {
        this.manifests = manifests;
        this.spec = statefulSet.path("spec").path("template").path("spec");
        this.claims = new ArrayList<>();
        statefulSet.path("spec").path("volumeClaimTemplates").forEach(c -> claims.add(c.path("metadata").path("name").asText()));
        this.name = statefulSet.path("metadata").path("name").asText() + "-" + ordinal;
        this.dnsName = dnsName;
        this.host = host;
        this.password = password;
        this.network = network;
        this.dir = root.resolve(name);
        this.namespace = network.namespaceName("p" + host);
        // A bare Pod (the helm test hook) wrapped as a workload has its labels in metadata.
        JsonNode template = statefulSet.path("spec").path("template");
        JsonNode metadata = template.has("metadata") ? template.path("metadata") : statefulSet.path("metadata");
        String kubeNamespace = statefulSet.path("metadata").path("namespace").asText("default");
        this.endpoint = new PolicyEndpoint(name, kubeNamespace, PolicyEndpoint.namespaceLabels(kubeNamespace, Map.of()),
                metadata.path("labels"), spec.path("containers"), null);
        this.claimVolumes = new ClaimVolumes(dir);
    }

    /** The pod as NetworkPolicies see it: namespace, labels, containers' ports. */
    public PolicyEndpoint policyEndpoint() {
        return endpoint;
    }

    /** The options of the {@link StatefulSetPods} this pod belongs to, read when it starts. */
    void options(PodOptions options) {
        this.options = options;
    }

    public String name() {
        return name;
    }

    /** The pod's stable DNS name (the headless Service's record). */
    public String dnsName() {
        return dnsName;
    }

    public String ip() {
        return network.address(host);
    }

    /** The network namespace, for {@link PodNetwork#partition}. */
    public String namespace() {
        return namespace;
    }

    public Duration terminationGracePeriod() {
        return Duration.ofSeconds(spec.path("terminationGracePeriodSeconds").asLong(30));
    }

    /** Schedules the pod: its namespace and DNS record exist, fresh emptyDirs, every container started. */
    public synchronized void start() {
        if (!attached) {
            network.attach(namespace, host);
            attached = true;
        } else if (started && options.newAddressOnRecreation) {
            int fresh = network.freshHost();
            network.readdress(namespace, fresh);
            host = fresh;
        }
        started = true;
        if (limits == null) {
            limits = new ContainerLimits(options.limits);
        }
        if (options.kubeletBackOff != null) {
            kubelet = new Kubelet(this, options.kubeletBackOff);
        }
        layOut();
        network.publish(dnsName, ip());
        for (JsonNode container : spec.path("containers")) {
            startContainer(container.path("name").asText());
        }
    }

    /** Starts (or starts again) one container; emptyDirs are kept, as after a container restart. */
    public synchronized void startContainer(String container) {
        ContainerProcess process = new ContainerProcess(this, container, command(container),
                dir.resolve("logs").resolve(container + ".log"));
        long oomKills = oomKills(container);
        process.start();
        running.put(container, process);
        if (kubelet != null) {
            kubelet.started(container, process, container(container), oomKills);
        }
    }

    /** Whether {@code process} is still the container's current run (the test has not killed or replaced it). */
    synchronized boolean runs(String container, ContainerProcess process) {
        return running.get(container) == process;
    }

    /** The kubelet's restart of an exited container, unless the test started or stopped it meanwhile. */
    synchronized void restartExited(String container, ContainerProcess process) {
        ContainerProcess now = running.get(container);
        if (now == process || now == null && kubelet != null) {
            running.remove(container);
            startContainer(container);
        }
    }

    /** OOM kills in the container's cgroup so far (0 without {@code withLimits()}). */
    public long oomKills(String container) {
        return limits == null ? 0 : limits.oomKills(container);
    }

    /** CFS periods the container waited beyond its CPU limit (0 without {@code withLimits()}). */
    public long throttledPeriods(String container) {
        return limits == null ? 0 : limits.throttledPeriods(container);
    }

    /** The container's restarts by the kubelet (0 without {@code withKubelet}). */
    public int restarts(String container) {
        return kubelet == null ? 0 : kubelet.restarts(container);
    }

    /** How the container's runs ended, oldest first, as the kubelet reports them (empty without {@code withKubelet}). */
    public List<Termination> terminations() {
        return kubelet == null ? List.of() : kubelet.terminations();
    }

    /** The kubelet's last readiness result for the container (false without {@code withKubelet}). */
    public boolean ready(String container) {
        return kubelet != null && kubelet.ready(container);
    }

    /** Fills claim {@code claim} (a {@code withSmallClaims} filesystem) to the last block. */
    public void fillClaim(String claim) {
        claimVolumes.fill(claim);
    }

    /** Frees what {@link #fillClaim} took. */
    public void freeClaim(String claim) {
        claimVolumes.free(claim);
    }

    /** Free bytes on the claim's filesystem. */
    public long claimFreeBytes(String claim) {
        return claimVolumes.freeBytes(claim);
    }

    /** SIGKILL of one container's processes, as when it crashes or is OOM-killed. */
    public synchronized void kill(String container) {
        ContainerProcess process = running.remove(container);
        if (process != null) {
            process.kill();
        }
    }

    /** kill -9 of the container and an immediate start of it (the kubelet restarting it). */
    public void restartContainer(String container) {
        kill(container);
        startContainer(container);
    }

    /** Every container killed and the pod started again with fresh emptyDirs (same claim, same address). */
    public void restart() {
        killAll();
        start();
    }

    /**
     * kill -9 of every container, then the pod started again with address host part
     * {@code newHost}: rescheduled elsewhere, same name and claim, a new IP.
     */
    public void restartWithNewAddress(int newHost) {
        killAll();
        synchronized (this) {
            network.readdress(namespace, newHost);
            host = newHost;
        }
        start();
    }

    /**
     * Runs a run-to-completion container (a Job's) as rendered, in the pod's namespace with
     * its volumes: returns its exit code (-1 past {@code timeout}) and output, also logged.
     */
    public Shell.Result runToCompletion(String container, Duration timeout) {
        synchronized (this) {
            if (!attached) {
                network.attach(namespace, host);
                attached = true;
            }
            layOut();
        }
        Shell.Result result = exec(container, command(container), timeout);
        ContainerProcess log = new ContainerProcess(this, container, List.of(), dir.resolve("logs").resolve(container + ".log"));
        log.note("run exited " + result.exit() + ":\n" + result.output());
        return result;
    }

    /** kill -9 of every container; the pod keeps its DNS record (its node died). */
    public synchronized void killAll() {
        stopKubelet();
        for (String container : List.copyOf(running.keySet())) {
            kill(container);
        }
    }

    /**
     * Deletes the pod as Kubernetes does: each container's preStop hook, then SIGTERM, all
     * within terminationGracePeriodSeconds from the start, then SIGKILL; the DNS record goes.
     * Returns how long it took.
     */
    public Duration delete() {
        long start = System.nanoTime();
        long deadline = start + terminationGracePeriod().toNanos();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        Map<String, ContainerProcess> containers;
        synchronized (this) {
            stopKubelet();
            containers = new LinkedHashMap<>(running);
            running.clear();
        }
        for (Map.Entry<String, ContainerProcess> entry : containers.entrySet()) {
            stops.add(CompletableFuture.runAsync(() -> stop(entry.getKey(), entry.getValue(), deadline)));
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        network.unpublish(dnsName);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The kubelet stopping one container (liveness failure): preStop, SIGTERM, the grace period, SIGKILL. */
    void stopGracefully(String container, ContainerProcess process) {
        synchronized (this) {
            if (running.get(container) != process) {
                return;
            }
            running.remove(container);
        }
        stop(container, process, System.nanoTime() + terminationGracePeriod().toNanos());
    }

    private void stop(String container, ContainerProcess process, long deadline) {
        List<String> preStop = hook(container);
        if (!preStop.isEmpty()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Shell.Result result = exec(container, preStop, left);
            process.note("preStop exited " + result.exit() + ":\n" + result.output());
        }
        process.terminate();
        process.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        process.kill();
    }

    private synchronized void stopKubelet() {
        if (kubelet != null) {
            kubelet.close();
            kubelet = null;
        }
    }

    /** Runs a probe of the container as rendered ("readinessProbe", "livenessProbe", "startupProbe"). */
    public boolean probe(String container, String probe) {
        return probeResult(container, probe).exit() == 0;
    }

    /** Runs a probe once, as {@link #probe}, and returns its exit code and output (for failure messages). */
    public Shell.Result probeResult(String container, String probe) {
        JsonNode spec = container(container).path(probe);
        List<String> command = new ArrayList<>();
        spec.path("exec").path("command").forEach(c -> command.add(c.asText()));
        if (command.isEmpty()) {
            throw new AssertionError(name + "/" + container + " has no exec " + probe);
        }
        return exec(container, command, Duration.ofSeconds(spec.path("timeoutSeconds").asLong(1)));
    }

    /**
     * Runs a probe every second, as a kubelet with periodSeconds 1 would, until it passes; false
     * when {@code timeout} passes first. Each run starts the probe's processes in the container:
     * a tighter poll costs the suites beside it CPU.
     */
    public boolean awaitProbe(String container, String probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe(container, probe)) {
                return true;
            }
            LocalPods.sleep(Duration.ofSeconds(1));
        }
        return false;
    }

    /** Runs a command inside the container's namespaces, user and environment, bounded by {@code timeout}. */
    public Shell.Result exec(String container, List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>(entry(container));
        full.addAll(command);
        return Shell.tryRun(timeout, full, env(container));
    }

    /**
     * Sends {@code signal} (STOP, CONT, ...) to the processes named {@code program} of one
     * container only. Never run pkill inside a pod for this: the pods share the host's PID
     * namespace, and a SIGSTOP to every redis-server froze the suites running beside it.
     */
    public synchronized void signal(String container, String signal, String program) {
        ContainerProcess process = running.get(container);
        if (process == null) {
            throw new IllegalStateException(name + "/" + container + " is not running");
        }
        process.signal(signal, program);
    }

    /** The container's log (every start, with markers), for failure messages. */
    public String log(String container) {
        Path log = dir.resolve("logs").resolve(container + ".log");
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    public String logs() {
        StringBuilder text = new StringBuilder();
        for (JsonNode container : spec.path("containers")) {
            String c = container.path("name").asText();
            text.append("==== ").append(name).append('/').append(c).append('\n').append(tail(log(c), 60));
        }
        return text.append(processes()).toString();
    }

    /**
     * The pod's processes as ps sees them now (state, what a sleeping one waits in, CPU time
     * used): a failure message then tells a stopped, throttled or disk-bound pod from a busy one.
     */
    String processes() {
        if (!attached) {
            return "";
        }
        Shell.Result pids = Shell.tryRun(Duration.ofSeconds(5), "ip", "netns", "pids", namespace);
        String list = String.join(",", pids.output().trim().split("\\s+"));
        if (pids.exit() != 0 || list.isEmpty()) {
            return "==== " + name + " processes: none\n";
        }
        Shell.Result ps = Shell.tryRun(Duration.ofSeconds(5), "ps", "-o", "pid,stat,wchan:24,time,etime,args", "-p", list);
        StringBuilder text = new StringBuilder("==== ").append(name).append(" processes\n").append(ps.output());
        if (limits != null) {
            for (JsonNode container : spec.path("containers")) {
                String c = container.path("name").asText();
                text.append(c).append(": ").append(throttledPeriods(c)).append(" CFS periods throttled\n");
            }
        }
        return text.toString();
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length)) + "\n";
    }

    synchronized void close() {
        try {
            killAll();
        } finally {
            if (limits != null) {
                limits.close();
            }
            claimVolumes.close();
        }
    }

    /** Runs the containers whose image has a root in {@code roots} chrooted into it (see {@link ImageRootEntry}). */
    void useImageRoots(ImageRoots roots) {
        this.imageRoots = roots;
    }

    /**
     * How an exec enters the container: into the namespaces its running main process has (see
     * {@link ContainerEntry}), else through {@link #wrapper} as a start does.
     */
    private List<String> entry(String container) {
        ContainerProcess process;
        synchronized (this) {
            process = running.get(container);
        }
        java.util.OptionalLong pid = process == null ? java.util.OptionalLong.empty() : process.settledPid();
        if (pid.isEmpty()) {
            return wrapper(container);
        }
        List<String> entry = new ArrayList<>(limits == null ? List.of() : limits.join(container, container(container)));
        entry.addAll(ContainerEntry.nsenter(pid.getAsLong()));
        Path imageRoot = imageRoot(container);
        entry.addAll(imageRoot == null
                ? List.of("setpriv", "--reuid=" + uid(container), "--regid=" + gid(container), "--clear-groups")
                : ImageRootEntry.chrootCommand(imageRoot, uid(container), gid(container)));
        return entry;
    }

    private Path imageRoot(String container) {
        return imageRoots == null ? null : imageRoots.rootFor(container(container).path("image").asText()).orElse(null);
    }

    private long uid(String container) {
        return container(container).path("securityContext").path("runAsUser")
                .asLong(spec.path("securityContext").path("runAsUser").asLong(0));
    }

    private long gid(String container) {
        return container(container).path("securityContext").path("runAsGroup")
                .asLong(spec.path("securityContext").path("runAsGroup").asLong(0));
    }

    /**
     * `ip netns exec` into the pod, a private mount namespace with the volumes bound, the image
     * root when there is one, then the container's user.
     */
    List<String> wrapper(String container) {
        List<String> wrapper = new ArrayList<>(limits == null ? List.of() : limits.join(container, container(container)));
        StringBuilder script = new StringBuilder("set -e\n");
        // A mount over a directory that holds the volumes' own sources (the checkout under /tmp,
        // mounted over by the pod's /tmp emptyDir) goes last, or it would hide the later sources.
        List<JsonNode> mounts = new java.util.ArrayList<>();
        container(container).path("volumeMounts").forEach(mounts::add);
        mounts.sort(java.util.Comparator.comparing(mount -> hidesSources(mount.path("mountPath").asText(),
                volume(mount.path("name").asText()))));
        Path imageRoot = imageRoot(container);
        // On the host's userland the volumes are bound at their mount paths; in an image root they
        // are bound into the root only (bound over the host's /tmp they would hide a root under it).
        if (imageRoot == null) {
            BindTable binds = new BindTable();
            mounts.forEach(mount -> binds.bindDirectory(volume(mount.path("name").asText()).toString(),
                    mount.path("mountPath").asText()));
            script.append(binds.mountLine());
        }
        if (imageRoot != null) {
            script.append(ImageRootEntry.mounts(imageRoot, mounts.stream().map(m -> new String[] {
                    m.path("mountPath").asText(), volume(m.path("name").asText()).toString()}).toList()));
        }
        long uid = uid(container);
        long gid = gid(container);
        script.append("exec ").append(imageRoot == null
                ? "setpriv --reuid=" + uid + " --regid=" + gid + " --clear-groups "
                : ImageRootEntry.chroot(imageRoot, uid, gid)).append("\"$@\"\n");
        wrapper.addAll(List.of("/usr/sbin/ip", "netns", "exec", namespace, "unshare", "--mount", "--propagation", "private",
                "sh", "-c", script.toString(), ContainerEntry.SETUP_NAME));
        return wrapper;
    }

    /** Whether mounting over {@code mountPath} hides {@code source} (a sibling volume lives under it too). */
    private static boolean hidesSources(String mountPath, Object source) {
        String path = mountPath.endsWith("/") ? mountPath : mountPath + "/";
        return String.valueOf(source).startsWith(path);
    }

    /** The container's environment as the kubelet builds it. */
    Map<String, String> env(String container) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOSTNAME", name);
        for (JsonNode var : container(container).path("env")) {
            String key = var.path("name").asText();
            if (var.has("value")) {
                Matcher m = ENV_REFERENCE.matcher(var.path("value").asText());
                env.put(key, m.replaceAll(r -> Matcher.quoteReplacement(env.getOrDefault(r.group(1), r.group()))));
            } else if (var.path("valueFrom").has("secretKeyRef")) {
                env.put(key, password);
            } else if ("metadata.name".equals(var.path("valueFrom").path("fieldRef").path("fieldPath").asText())) {
                env.put(key, name);
            }
        }
        return env;
    }

    private List<String> command(String container) {
        Map<String, String> env = env(container);
        List<String> command = new ArrayList<>();
        JsonNode spec = container(container);
        if (!spec.has("command")) {
            // The image's entrypoint: its root's when the pod runs on image roots, else the host's program for it.
            List<String> entrypoint = imageRoots == null ? List.of() : imageRoots.entrypoint(spec.path("image").asText());
            command.addAll(entrypoint.isEmpty() ? ImageEntrypoint.of(spec.path("image").asText()) : entrypoint);
        }
        for (String part : List.of("command", "args")) {
            spec.path(part).forEach(c -> {
                Matcher m = ENV_REFERENCE.matcher(c.asText());
                command.add(m.replaceAll(r -> Matcher.quoteReplacement(env.getOrDefault(r.group(1), r.group()))));
            });
        }
        return command;
    }

    private List<String> hook(String container) {
        List<String> command = new ArrayList<>();
        container(container).path("lifecycle").path("preStop").path("exec").path("command")
                .forEach(c -> command.add(c.asText()));
        return command;
    }

    private JsonNode container(String container) {
        for (JsonNode c : spec.path("containers")) {
            if (container.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("pod " + name + " has no container " + container);
    }

    /**
     * The local directory behind the pod's volume {@code volume} (a claim, or an emptyDir: a
     * Job's claim is one here), for a test to put files in before a start or read them after.
     */
    public Path volumePath(String volume) {
        return volume(volume);
    }

    private Path volume(String volume) {
        if (claims.contains(volume)) {
            return claimVolumes.path(volume);
        }
        for (JsonNode v : spec.path("volumes")) {
            if (volume.equals(v.path("name").asText()) && v.has("secret")) {
                return StatefulSetPods.secretDir(dir.getParent(), v.path("secret").path("secretName").asText());
            }
            if (volume.equals(v.path("name").asText())) {
                return dir.resolve(v.has("configMap") || SecretFiles.isSecretVolume(v) ? "configmap" : "emptydir")
                        .resolve(volume);
            }
        }
        throw new AssertionError("pod " + name + " mounts unknown volume " + volume);
    }

    /**
     * Replaces every claim of the pod with an empty one (a lost volume, a claim deleted and
     * provisioned again); the pod must not be running.
     */
    public synchronized void wipeClaims() {
        if (!running.isEmpty()) {
            throw new IllegalStateException("pod " + name + " is running: wipe its claims after deleting it");
        }
        PodNetwork.deleteTree(dir.resolve("claim"));
    }

    /** ConfigMap files written anew, emptyDirs wiped, the claim kept; owned by the pod's fsGroup. */
    private void layOut() {
        try {
            PodNetwork.deleteTree(dir.resolve("emptydir"));
            PodNetwork.deleteTree(dir.resolve("configmap"));
            for (String claim : claims) {
                claimVolumes.prepare(claim, options.claimBytes);
            }
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("claim"));
            Files.createDirectories(dir.resolve("emptydir"));
            for (JsonNode v : spec.path("volumes")) {
                if (v.has("secret")) {
                    continue;
                }
                Path path = volume(v.path("name").asText());
                Files.createDirectories(path);
                if (SecretFiles.isSecretVolume(v)) {
                    SecretFiles.write(manifests, v, password, path);
                }
                if (v.has("configMap")) {
                    JsonNode data = manifests.get("ConfigMap", v.path("configMap").path("name").asText()).path("data");
                    for (Map.Entry<String, JsonNode> file : data.properties()) {
                        Files.writeString(path.resolve(file.getKey()), file.getValue().asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out pod " + name + " under " + dir, e);
        }
        JsonNode security = spec.path("securityContext");
        Shell.run("chown", "-R", security.path("runAsUser").asLong(0) + ":" + security.path("fsGroup").asLong(0),
                dir.resolve("claim").toString(), dir.resolve("emptydir").toString());
    }
}
