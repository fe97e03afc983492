package org.redischart.chartgen.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the bench's child processes and ends every one of them on {@link #close()}, and
 * also from a shutdown hook, so neither a failed figure nor Ctrl-C leaves a redis-server behind.
 */
final class Processes implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "bench-process-reaper");
    private final Path scratch;

    /** {@code scratch} holds the output of the commands {@link #run} runs. */
    Processes(Path scratch) {
        this.scratch = scratch;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A long-running process whose output goes to {@code log}. */
    Process start(List<String> command, Path workDir, Path log) {
        return start(command, Map.of(), workDir, log);
    }

    /** The same, with {@code env} added to the environment. */
    Process start(List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return launch(builder);
    }

    /**
     * Runs a command to its end and returns its standard output; fails on a non-zero exit
     * or when it outlives the timeout (then it is killed).
     */
    String run(List<String> command, Path workDir, long timeoutSeconds) {
        Path out = scratch.resolve("run.out");
        Path err = scratch.resolve("run.err");
        Process process = launch(new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()));
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + " from " + String.join(" ", command)
                        + ": " + Files.readString(err).strip());
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            stop(process);
        }
    }

    /** Ends one process: politely, then forcibly. */
    void stop(Process process) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (started) {
            started.remove(process);
        }
    }

    private Process launch(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            synchronized (started) {
                started.add(process);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command().get(0), e);
        }
    }

    private void killAll() {
        List<Process> remaining;
        synchronized (started) {
            remaining = new ArrayList<>(started);
        }
        remaining.forEach(Process::destroyForcibly);
    }

    @Override
    public void close() {
        List<Process> remaining;
        synchronized (started) {
            remaining = new ArrayList<>(started);
        }
        remaining.forEach(this::stop);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; it ends what is left.
        }
    }
}
