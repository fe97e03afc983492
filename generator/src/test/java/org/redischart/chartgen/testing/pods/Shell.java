package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short host commands (ip, chown) with a bound, failing loudly with their output. */
public final class Shell {
    private Shell() {
    }

    /** Runs the command; throws with its output when it fails or outlasts {@code timeout}. */
    static String run(Duration timeout, String... command) {
        Result result = tryRun(timeout, command);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + result.exit() + ": "
                    + result.output());
        }
        return result.output();
    }

    static String run(String... command) {
        return run(Duration.ofSeconds(20), command);
    }

    /** Runs the command and returns its exit code (-1 when it timed out and was killed) and output. */
    public static Result tryRun(Duration timeout, String... command) {
        return tryRun(timeout, List.of(command), null);
    }

    static Result tryRun(Duration timeout, List<String> command, java.util.Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (env != null) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output lost: ").append(e.getMessage()).append(')');
                }
            });
            reader.setDaemon(true);
            reader.start();
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(2000);
            synchronized (output) {
                return new Result(done ? process.exitValue() : -1, output.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** Exit code and combined output of a command. */
    public record Result(int exit, String output) {
    }
}
