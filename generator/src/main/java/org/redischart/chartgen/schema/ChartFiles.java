package org.redischart.chartgen.schema;

import java.io.IOException;
import org.redischart.chartgen.input.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The files of a chart that validation reads, wherever the chart lives: a directory (also one
 * inside the chartgen jar) or the files of a packaged {@code .tgz}.
 */
public interface ChartFiles {
    /** How messages name the chart file, e.g. {@code charts/redis/values.yaml}. */
    String name(String relative);

    /**
     * @param relative a path inside the chart, e.g. {@code values.schema.json}
     * @throws InvalidInputException when the chart has no such file
     */
    byte[] read(String relative);

    /** A chart directory (any file system, so a directory inside a jar too). */
    static ChartFiles directory(Path dir) {
        return new ChartFiles() {
            @Override
            public String name(String relative) {
                return dir.resolve(relative).toString();
            }

            @Override
            public byte[] read(String relative) {
                Path file = dir.resolve(relative);
                try {
                    return Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    throw new InvalidInputException(file + ": no such file (is " + dir + " a chart?)");
                } catch (IOException e) {
                    throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
                }
            }
        };
    }

    /**
     * The files of a packaged chart, keyed by their path in the chart ({@code values.yaml}).
     *
     * @param archive how messages name the archive
     * @param top the chart's directory in the archive, e.g. {@code redis}
     */
    static ChartFiles archive(String archive, String top, Map<String, byte[]> files) {
        return new ChartFiles() {
            @Override
            public String name(String relative) {
                return archive + ":" + top + "/" + relative;
            }

            @Override
            public byte[] read(String relative) {
                byte[] bytes = files.get(relative);
                if (bytes == null) {
                    throw new InvalidInputException(name(relative) + ": no such file in the chart archive");
                }
                return bytes;
            }
        };
    }
}
