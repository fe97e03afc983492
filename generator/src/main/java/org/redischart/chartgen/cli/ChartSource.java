package org.redischart.chartgen.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.redischart.chartgen.publish.ChartArchive;
import org.redischart.chartgen.schema.ChartFiles;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * Finds the chart {@code validate} checks against: a chart directory, a packaged {@code .tgz},
 * or, without {@code --chart}, the chart packaged inside the chartgen jar at build time, so a
 * user with only the jar validates against the chart version the jar was built with.
 */
final class ChartSource {
    /** Where the build puts charts/redis inside the jar (pom.xml, resources and the jar update after generate). */
    static final String BUNDLED = "charts/redis";
    /** The {@link org.redischart.chartgen.input.ValuesCache} of the bundled values.yaml, beside the chart in the jar (pom.xml). */
    static final String BUNDLED_VALUES_CACHE = "charts/redis.values.json";

    private ChartSource() {
    }

    /** @param option the --chart value, or null for the bundled chart */
    static ChartFiles open(String option) {
        if (option == null) {
            return bundledFiles();
        }
        Path path = Path.of(option);
        if (Files.isDirectory(path)) {
            return ChartFiles.directory(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(option + ": no such chart directory or .tgz");
        }
        try {
            ChartArchive archive = ChartArchive.read(path);
            return ChartFiles.archive(option, archive.name(), archive.files());
        } catch (RuntimeException e) {
            throw new InvalidInputException(option + ": expected a chart directory or a packaged chart (.tgz): " + e.getMessage());
        }
    }

    /**
     * The chart inside the jar, read from the jar with java.util.zip, or the directory under
     * target/classes when run from the build.
     */
    private static ChartFiles bundledFiles() {
        URL chartYaml = ChartSource.class.getClassLoader().getResource(BUNDLED + "/Chart.yaml");
        if (chartYaml != null && "jar".equals(chartYaml.getProtocol())) {
            String spec = chartYaml.getPath();
            int separator = spec.indexOf("!/");
            if (separator > 0) {
                try {
                    return ChartFiles.jar(Path.of(new java.net.URI(spec.substring(0, separator))), BUNDLED,
                            BUNDLED_VALUES_CACHE);
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a local jar: read it as a file system below
                }
            }
        }
        return ChartFiles.directory(bundled());
    }

    /** The chart directory inside the jar (or under target/classes when run from the build). */
    static Path bundled() {
        URL chartYaml = ChartSource.class.getClassLoader().getResource(BUNDLED + "/Chart.yaml");
        if (chartYaml == null) {
            throw new InvalidInputException("this chartgen was built without a chart inside; pass --chart DIR or --chart FILE.tgz");
        }
        try {
            var uri = chartYaml.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    // opened by an earlier call
                }
                try {
                    return Path.of(uri).getParent();
                } catch (FileSystemNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException | IOException e) {
            throw new InvalidInputException("cannot open the chart inside chartgen: " + e.getMessage());
        }
    }
}
