package org.redischart.chartgen.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's promtool (package prometheus), run on files written by the tests, bounded in time. */
final class Promtool {
    static final String BINARY = "/usr/bin/promtool";
    static final YAMLMapper YAML = new YAMLMapper();

    private Promtool() {
    }

    /** Writes a PrometheusRule's {@code spec} (its groups) as a Prometheus rule file. */
    static Path writeRuleFile(JsonNode prometheusRule, Path file) {
        try {
            Files.writeString(file, YAML.writeValueAsString(prometheusRule.path("spec")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool timed out: " + command);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String output) {
    }
}
