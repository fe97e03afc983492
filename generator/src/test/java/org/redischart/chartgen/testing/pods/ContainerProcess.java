package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a container: its process tree, logging to the container's log file. */
final class ContainerProcess {
    private final Pod pod;
    private final String container;
    private final List<String> command;
    private final Path log;
    private Process process;

    ContainerProcess(Pod pod, String container, List<String> command, Path log) {
        this.pod = pod;
        this.container = container;
        this.command = command;
        this.log = log;
    }

    void start() {
        // A session of its own (setsid execs in place: the JVM's child leads no process group), so
        // kill() finds the processes a script left in the background even after their parent
        // exited and they were reparented, as a container's PID namespace ends them all.
        List<String> full = new ArrayList<>(List.of("setsid"));
        full.addAll(pod.wrapper(container));
        full.addAll(command);
        note("start " + String.join(" ", command));
        // Working directory /, as in a container: the checkout may sit under a path the pod's
        // own mounts hide (a clone under /tmp, with an emptyDir on /tmp), and a process that
        // changes directory and back (HAProxy loading its certificates) would fail there.
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .directory(new java.io.File("/"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(pod.env(container));
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + pod.name() + "/" + container, e);
        }
    }

    /** The main process once it runs the container's own command (see {@link ContainerEntry}); empty before and after. */
    java.util.OptionalLong settledPid() {
        return process != null && process.isAlive() ? ContainerEntry.settled(process.pid()) : java.util.OptionalLong.empty();
    }

    /** Runs {@code action} once the container's main process has exited. */
    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** The main process's exit code (128 + the signal for a killed one, as a container runtime reports it); -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGTERM to the container's main process, as the kubelet sends it. */
    void terminate() {
        note("SIGTERM");
        process.destroy();
    }

    void awaitExit(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to every process of the container, those its main process left behind included. */
    void kill() {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            note("SIGKILL");
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        Shell.tryRun(Duration.ofSeconds(5), "pkill", "-KILL", "-s", Long.toString(process.pid()));
    }

    /**
     * Sends {@code signal} (a name such as STOP) to this container's processes named
     * {@code program}, and to no other: the pods share the host's PID namespace, so a pkill
     * run inside a pod would also reach every other test's processes of that name.
     */
    void signal(String signal, String program) {
        note("SIG" + signal + " to " + program);
        Shell.tryRun(Duration.ofSeconds(5), "pkill", "-" + signal, "-s", Long.toString(process.pid()), "-x", program);
    }

    /** A line in the container's log, so a failure message shows what the test did when. */
    void note(String what) {
        try {
            Files.writeString(log, "---- " + Instant.now() + " " + what + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a diagnostic: never fail the test for it
        }
    }
}
