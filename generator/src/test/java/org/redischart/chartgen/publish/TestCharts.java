package org.redischart.chartgen.publish;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Stand-in charts made by the Helm engine's own scaffold ({@code helm create}), named redis. */
final class TestCharts {

    private TestCharts() {
    }

    /** Creates {@code <parent>/redis} at {@code version}, appVersion 7.4. */
    static Path redis(Path parent, String version) {
        Helm.create().withName("redis").withDir(parent).call();
        Path chart = parent.resolve("redis");
        setVersion(chart, version);
        replace(chart.resolve("Chart.yaml"), "appVersion: \"1.16.0\"", "appVersion: \"7.4\"");
        return chart;
    }

    static void setVersion(Path chart, String version) {
        Path chartYaml = chart.resolve("Chart.yaml");
        try {
            Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^version: .*$", "version: " + version));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void replace(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + ": expected to contain '" + from + "'");
            }
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
