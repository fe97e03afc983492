package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.ValuesCache;

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

    /**
     * The tree of the chart's values.yaml as stored beside the chart by the build
     * ({@link ValuesCache}), when one was stored for exactly these bytes; null otherwise, and
     * the caller reads the YAML.
     */
    default JsonNode cachedValues(byte[] valuesYaml) {
        return null;
    }

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
     * A chart directory inside a jar, named as a directory in the jar's file system names it
     * ({@code /charts/redis/values.yaml}), read with {@code java.util.zip}: opening the jar this
     * way shares what the class loader already read of it, where a zip file system reads the whole
     * directory of a 36 MB jar again.
     *
     * @param dir the chart's directory in the jar, e.g. {@code charts/redis}
     * @param valuesCache the jar entry holding a {@link ValuesCache} of the chart's values.yaml
     */
    static ChartFiles jar(Path jar, String dir, String valuesCache) {
        return new ChartFiles() {
            @Override
            public String name(String relative) {
                return "/" + dir + "/" + relative;
            }

            @Override
            public byte[] read(String relative) {
                byte[] bytes = entry(dir + "/" + relative);
                if (bytes == null) {
                    throw new InvalidInputException(name(relative) + ": no such file (is /" + dir + " a chart?)");
                }
                return bytes;
            }

            @Override
            public JsonNode cachedValues(byte[] valuesYaml) {
                byte[] cache = entry(valuesCache);
                return cache == null ? null : ValuesCache.read(cache, valuesYaml);
            }

            private byte[] entry(String name) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    ZipEntry entry = zip.getEntry(name);
                    if (entry == null || entry.isDirectory()) {
                        return null;
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        return in.readAllBytes();
                    }
                } catch (IOException e) {
                    throw new InvalidInputException("cannot read " + name + " in " + jar + ": " + e.getMessage());
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
