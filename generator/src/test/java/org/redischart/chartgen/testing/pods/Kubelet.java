package org.redischart.chartgen.testing.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the kubelet does for one pod's running containers, when the pods were made
 * {@code withKubelet(backOff)}: a container whose main process exits is restarted after a
 * back-off (none the first time, then {@code backOff}, doubling, at most 300 s, as the
 * kubelet's CrashLoopBackOff), its termination recorded with the kubelet's reason
 * ({@code OOMKilled} when its cgroup saw an OOM kill, else {@code Error} or {@code Completed});
 * liveness and startup probes run every periodSeconds and, after failureThreshold failures in
 * a row, the container is stopped as the kubelet stops it (preStop, SIGTERM, the grace period,
 * SIGKILL) and restarted; readiness probes run every periodSeconds and their last result is
 * {@link #ready}. A container the test kills or deletes itself is left alone.
 */
final class Kubelet implements AutoCloseable {
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(300);

    private final Pod pod;
    private final Duration backOff;
    private final ScheduledExecutorService executor;
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
    private final Map<String, Boolean> started = new ConcurrentHashMap<>();
    private final List<Termination> terminations = new ArrayList<>();

    Kubelet(Pod pod, Duration backOff) {
        this.pod = pod;
        this.backOff = backOff;
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "kubelet-" + pod.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Watches a container run that just started: its exit, and its probes. */
    void started(String container, ContainerProcess process, JsonNode spec, long oomKillsBefore) {
        ready.put(container, false);
        process.onExit(() -> exited(container, process, oomKillsBefore));
        boolean hasStartup = spec.has("startupProbe");
        if (hasStartup) {
            schedule(container, process, spec.path("startupProbe"), "startupProbe", new int[1], new boolean[] {false});
        }
        if (spec.has("livenessProbe")) {
            schedule(container, process, spec.path("livenessProbe"), "livenessProbe", new int[1], new boolean[] {hasStartup});
        }
        if (spec.has("readinessProbe")) {
            schedule(container, process, spec.path("readinessProbe"), "readinessProbe", new int[1], new boolean[] {hasStartup});
        }
    }

    /** The last readiness result of the container (false before its first probe). */
    boolean ready(String container) {
        return ready.getOrDefault(container, false);
    }

    int restarts(String container) {
        return restarts.getOrDefault(container, 0);
    }

    synchronized List<Termination> terminations() {
        return List.copyOf(terminations);
    }

    private void schedule(String container, ContainerProcess process, JsonNode probe, String kind, int[] failures,
            boolean[] waitingForStartup) {
        long period = probe.path("periodSeconds").asLong(10) * 1000;
        long delay = probe.path("initialDelaySeconds").asLong(0) * 1000;
        int threshold = probe.path("failureThreshold").asInt(3);
        executor.scheduleWithFixedDelay(() -> {
            if (!pod.runs(container, process)) {
                throw new IllegalStateException("stop"); // ends this schedule
            }
            if (waitingForStartup[0]) {
                waitingForStartup[0] = !started.getOrDefault(container, false);
                return;
            }
            boolean passed = pod.probe(container, kind);
            if (kind.equals("readinessProbe")) {
                ready.put(container, passed);
                return;
            }
            if (passed) {
                failures[0] = 0;
                if (kind.equals("startupProbe")) {
                    started.put(container, true);
                    throw new IllegalStateException("stop"); // a startup probe stops once it passed
                }
                return;
            }
            if (++failures[0] >= threshold) {
                process.note(kind + " failed " + failures[0] + " times: the kubelet restarts the container");
                pod.stopGracefully(container, process);
                record(container, process.exitCode() == 0 ? "Completed" : "Error", process);
                restart(container, process);
                throw new IllegalStateException("stop");
            }
        }, delay, period, TimeUnit.MILLISECONDS);
    }

    private void exited(String container, ContainerProcess process, long oomKillsBefore) {
        if (!pod.runs(container, process)) {
            return;
        }
        int exit = process.exitCode();
        String reason = pod.oomKills(container) > oomKillsBefore ? "OOMKilled" : exit == 0 ? "Completed" : "Error";
        record(container, reason, process);
        restart(container, process);
    }

    private synchronized void record(String container, String reason, ContainerProcess process) {
        Termination termination = new Termination(container, reason, process.exitCode(), Instant.now());
        terminations.add(termination);
        process.note("terminated: reason " + reason + ", exit code " + termination.exitCode());
    }

    private void restart(String container, ContainerProcess process) {
        started.remove(container);
        int count = restarts.merge(container, 1, Integer::sum);
        Duration wait = count == 1 ? Duration.ZERO
                : backOff.multipliedBy(1L << Math.min(20, count - 2));
        if (wait.compareTo(MAX_BACK_OFF) > 0) {
            wait = MAX_BACK_OFF;
        }
        process.note("restart " + count + " in " + wait.toMillis() + " ms (back-off)");
        executor.schedule(() -> pod.restartExited(container, process), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
