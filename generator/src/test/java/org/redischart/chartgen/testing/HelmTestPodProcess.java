package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rendered {@code helm test} pod run as a local process: its container's command and
 * environment exactly as rendered (a Secret key becomes the password given here), in a mount
 * namespace whose hosts file resolves the Services it names.
 */
public final class HelmTestPodProcess {
    private HelmTestPodProcess() {
    }

    /** Runs the pod's first container; returns its output once it exits 0, fails otherwise (40 s at most). */
    public static String run(JsonNode pod, String password, MountNamespace namespace, Path log) {
        JsonNode container = pod.at("/spec/containers/0");
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asText()));
        container.path("args").forEach(a -> command.add(a.asText()));
        ProcessBuilder builder = new ProcessBuilder(namespace.wrap(command)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        container.path("env").forEach(e -> builder.environment().put(e.path("name").asText(),
                e.has("value") ? e.path("value").asText() : password));
        Process process = null;
        try {
            process = builder.start();
            boolean exited = process.waitFor(40, TimeUnit.SECONDS);
            String output = Files.readString(log);
            if (!exited || process.exitValue() != 0) {
                throw new AssertionError("the helm test pod " + (exited ? "exited with " + process.exitValue() : "ran over 40 s")
                        + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the helm test pod", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
