package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.input.ValuesCache;
import org.redischart.chartgen.input.YamlReader;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/**
 * After mvn package: the chartgen jar carries exactly charts/redis, and the jar alone validates
 * a values file read from standard input against it.
 */
class BundledChartIT {
    private static final Path JAR = RepoLayout.root().resolve("generator/target/chartgen.jar");

    @Test
    void theJarCarriesTheCommittedChart() throws IOException {
        Map<String, String> bundled = new TreeMap<>();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (ZipEntry entry : jar.stream().toList()) {
                if (!entry.isDirectory() && entry.getName().startsWith(ChartSource.BUNDLED + "/")) {
                    bundled.put(entry.getName().substring(ChartSource.BUNDLED.length() + 1),
                            new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(bundled).isEqualTo(TreeCopy.read(RepoLayout.chart()));
    }

    @Test
    void theJarCarriesTheCommittedValuesAsRead() throws IOException {
        byte[] values = Files.readAllBytes(RepoLayout.chart().resolve("values.yaml"));
        byte[] cache;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            ZipEntry entry = jar.getEntry(ChartSource.BUNDLED_VALUES_CACHE);
            assertThat(entry).as(ChartSource.BUNDLED_VALUES_CACHE + " in the jar").isNotNull();
            cache = jar.getInputStream(entry).readAllBytes();
        }

        assertThat(ValuesCache.read(cache, values)).isEqualTo(new YamlReader().read("values.yaml", values).root());
    }

    @Test
    void theJarAloneValidatesValuesFromStandardInput() throws IOException, InterruptedException {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "validate", "-f", "-").redirectErrorStream(true).start();
        java.getOutputStream().write("persistance:\n  size: 1Gi\n".getBytes(StandardCharsets.UTF_8));
        java.getOutputStream().close();
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.exitValue()).as(out).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out).isEqualTo("<stdin>:1:1: .persistance: unknown key; did you mean persistence?\n");
    }
}
