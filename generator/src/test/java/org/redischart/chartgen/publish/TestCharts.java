package org.redischart.chartgen.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copies of the real charts/redis that a test may bump and edit without touching the repository. */
final class TestCharts {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path CHART = Path.of(System.getProperty("repo.root", ".."), "charts", "redis");

    private TestCharts() {
    }

    /** Copies charts/redis to {@code <parent>/redis} and sets its version. */
    static Path redis(Path parent, String version) {
        Path copy = parent.resolve("redis");
        try (Stream<Path> walk = Files.walk(CHART)) {
            for (Path source : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + CHART + " (run mvn package to generate it)", e);
        }
        setVersion(copy, version);
        return copy;
    }

    /** The Chart.yaml field of the real chart, e.g. appVersion. */
    static String chartField(String field) {
        try {
            JsonNode chartYaml = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
            return chartYaml.path(field).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void setVersion(Path chart, String version) {
        rewrite(chart.resolve("Chart.yaml"), "(?m)^version: .*$", "version: " + version);
    }

    static void setAppVersion(Path chart, String appVersion) {
        rewrite(chart.resolve("Chart.yaml"), "(?m)^appVersion: .*$", "appVersion: \"" + appVersion + "\"");
    }

    /** A change that alters the packaged content without altering what the chart renders. */
    static void appendComment(Path file, String comment) {
        try {
            Files.writeString(file, Files.readString(file) + "# " + comment + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(Path file, String regex, String replacement) {
        try {
            Files.writeString(file, Files.readString(file).replaceAll(regex, replacement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
