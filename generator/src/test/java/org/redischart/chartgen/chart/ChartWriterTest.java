package org.redischart.chartgen.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.TreeCopy;

/** The chart is swapped in whole; a file already there byte for byte is not rewritten and keeps its time. */
class ChartWriterTest {
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

    @TempDir
    Path work;

    private final ChartWriter writer = new ChartWriter();

    @Test
    void writingTheSameChartAgainRewritesNothing() throws IOException {
        Path out = work.resolve("redis");
        assertThat(writer.write(chart("a: 1\n", "kind: Service\n"), out)).isEqualTo(3);
        ageAll(out);

        assertThat(writer.write(chart("a: 1\n", "kind: Service\n"), out)).isZero();

        assertThat(TreeCopy.read(out)).isEqualTo(chart("a: 1\n", "kind: Service\n"));
        for (String file : chart("", "").keySet()) {
            assertThat(Files.getLastModifiedTime(out.resolve(file))).as(file).isEqualTo(LONG_AGO);
        }
    }

    @Test
    void onlyTheChangedFileIsRewritten() throws IOException {
        Path out = work.resolve("redis");
        writer.write(chart("a: 1\n", "kind: Service\n"), out);
        ageAll(out);

        assertThat(writer.write(chart("a: 2\n", "kind: Service\n"), out)).isEqualTo(1);

        assertThat(TreeCopy.read(out)).isEqualTo(chart("a: 2\n", "kind: Service\n"));
        assertThat(Files.getLastModifiedTime(out.resolve("values.yaml"))).isNotEqualTo(LONG_AGO);
        assertThat(Files.getLastModifiedTime(out.resolve("Chart.yaml"))).isEqualTo(LONG_AGO);
        assertThat(Files.getLastModifiedTime(out.resolve("templates/svc.yaml"))).isEqualTo(LONG_AGO);
    }

    @Test
    void aFileTheChartNoLongerHasIsRemovedAndAnEditedOneRestored() throws IOException {
        Path out = work.resolve("redis");
        writer.write(chart("a: 1\n", "kind: Service\n"), out);
        Files.writeString(out.resolve("templates/stray.yaml"), "left over\n");
        Files.writeString(out.resolve("Chart.yaml"), "edited by hand\n");

        assertThat(writer.write(chart("a: 1\n", "kind: Service\n"), out)).isEqualTo(1);

        assertThat(TreeCopy.read(out)).isEqualTo(chart("a: 1\n", "kind: Service\n"));
    }

    @Test
    void aFailedWriteLeavesThePreviousChartAsItWas() throws IOException {
        Path out = work.resolve("redis");
        writer.write(chart("a: 1\n", "kind: Service\n"), out);
        SortedMap<String, String> broken = chart("a: 2\n", "kind: Service\n");
        broken.put("templates/svc.yaml/not-a-directory", "x\n");

        assertThatThrownBy(() -> writer.write(broken, out)).isInstanceOf(UncheckedIOException.class);

        assertThat(TreeCopy.read(out)).isEqualTo(chart("a: 1\n", "kind: Service\n"));
        try (var siblings = Files.list(work)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("redis");
        }
    }

    private static SortedMap<String, String> chart(String values, String service) {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("Chart.yaml", "name: redis\n");
        files.put("values.yaml", values);
        files.put("templates/svc.yaml", service);
        return files;
    }

    private static void ageAll(Path out) throws IOException {
        for (Map.Entry<String, String> file : TreeCopy.read(out).entrySet()) {
            Files.setLastModifiedTime(out.resolve(file.getKey()), LONG_AGO);
        }
    }
}
