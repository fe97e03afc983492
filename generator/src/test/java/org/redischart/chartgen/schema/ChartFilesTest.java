package org.redischart.chartgen.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.ValuesCache;
import org.redischart.chartgen.input.YamlReader;

/** A chart inside a jar reads as the jar's file system would name it, and uses a values cache only for its own values.yaml. */
class ChartFilesTest {
    private static final byte[] VALUES = "replicas: 3\nauth:\n  enabled: true\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;

    @Test
    void aChartInAJarIsNamedAndReadAsADirectoryOfTheJar() throws IOException {
        ChartFiles chart = ChartFiles.jar(jar(ValuesCache.write("values.yaml", VALUES)), "charts/redis", "charts/redis.values.json");

        assertThat(chart.name("values.yaml")).isEqualTo("/charts/redis/values.yaml");
        assertThat(chart.read("values.yaml")).isEqualTo(VALUES);
        assertThatThrownBy(() -> chart.read("values.schema.json")).isInstanceOf(InvalidInputException.class)
                .hasMessage("/charts/redis/values.schema.json: no such file (is /charts/redis a chart?)");
        assertThat(chart.cachedValues(VALUES)).isEqualTo(new YamlReader().read("values.yaml", VALUES).root());
    }

    @Test
    void aCacheOfOtherValuesIsIgnored() throws IOException {
        ChartFiles chart = ChartFiles.jar(jar(ValuesCache.write("values.yaml", "replicas: 1\n".getBytes(StandardCharsets.UTF_8))),
                "charts/redis", "charts/redis.values.json");

        assertThat(chart.cachedValues(VALUES)).isNull();
        assertThat(ChartFiles.jar(jar(null), "charts/redis", "charts/redis.values.json").cachedValues(VALUES)).isNull();
    }

    @Test
    void validationWithAStaleCacheReadsTheValuesYaml() throws IOException {
        Path dir = Files.createDirectories(work.resolve("chart"));
        Files.write(dir.resolve("values.yaml"), "a: 1\n".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("values.schema.json"), "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"maximum\":1}}}");
        byte[] staleCache = ValuesCache.write("values.yaml", "a: 5\n".getBytes(StandardCharsets.UTF_8));
        ChartFiles plain = ChartFiles.directory(dir);
        ChartFiles stale = new ChartFiles() {
            @Override
            public String name(String relative) {
                return plain.name(relative);
            }

            @Override
            public byte[] read(String relative) {
                return plain.read(relative);
            }

            @Override
            public com.fasterxml.jackson.databind.JsonNode cachedValues(byte[] valuesYaml) {
                return ValuesCache.read(staleCache, valuesYaml);
            }
        };

        assertThat(new ValuesFileValidator().validate("{}".getBytes(StandardCharsets.UTF_8), stale)).isEmpty();
    }

    private Path jar(byte[] cache) throws IOException {
        Path jar = Files.createTempFile(work, "chart", ".jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("charts/redis/"));
            zip.putNextEntry(new ZipEntry("charts/redis/values.yaml"));
            zip.write(VALUES);
            if (cache != null) {
                zip.putNextEntry(new ZipEntry("charts/redis.values.json"));
                zip.write(cache);
            }
        }
        return jar;
    }
}
