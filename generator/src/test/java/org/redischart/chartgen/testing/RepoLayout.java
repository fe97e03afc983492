package org.redischart.chartgen.testing;

import java.nio.file.Path;

/** Where the repository's parts are, for tests run by Maven from generator/. */
public final class RepoLayout {
    private RepoLayout() {
    }

    public static Path root() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    public static Path chart() {
        return root().resolve("charts/redis");
    }

    public static Path schema() {
        return root().resolve("schema");
    }

    public static Path templates() {
        return root().resolve("templates");
    }

    public static Path testResources() {
        return root().resolve("generator/src/test/resources");
    }

    public static String chartVersion() {
        return System.getProperty("chart.version", "0.1.0");
    }
}
