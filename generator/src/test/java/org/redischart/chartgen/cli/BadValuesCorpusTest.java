package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * Every bad values file is refused by {@code chartgen validate} with exit code 1, a message
 * naming the path and no stack trace, within a hang guard of time and allocation; and the real
 * Helm engine refuses the same file. Three sources: the committed corpus under bad-values/
 * (each file's first line says what the message must contain), an unknown key at every level
 * of the schema (derived from values.schema.json, so new blocks are covered), and pathological
 * files too big to commit, written at test time.
 */
class BadValuesCorpusTest {
    /** Hang guard only: speed targets belong in benchmarks (one file took 26 s on 2 cores shared by six builds). */
    private static final long MAX_MILLIS_PER_FILE = 60_000;
    /** Allocation guard per file: a bounded reader never comes near it. */
    private static final long MAX_ALLOCATED_BYTES = 512L * 1024 * 1024;
    private static final String EXPECT = "# expect: ";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private static final List<Long> MILLIS = new ArrayList<>();

    @TempDir
    static Path work;

    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @TestFactory
    Stream<DynamicTest> everyCommittedBadValuesFileIsRefusedByChartgenAndHelm() throws IOException {
        List<Path> files = corpus();
        assertThat(files).as("bad-values corpus").hasSizeGreaterThanOrEqualTo(150);
        return files.stream().map(file -> DynamicTest.dynamicTest(
                RepoLayout.testResources().resolve("bad-values").relativize(file).toString(), () -> {
                    String expected = Files.readAllLines(file).get(0);
                    assertThat(expected).as("first line of %s", file).startsWith(EXPECT);
                    assertRefused(file, expected.substring(EXPECT.length()));
                }));
    }

    @TestFactory
    Stream<DynamicTest> anUnknownKeyAtEveryLevelOfTheSchemaIsRefused() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(RepoLayout.chart().resolve("values.schema.json").toFile());
        List<UnknownKeys.Case> cases = new UnknownKeys(schema).everyLevel();
        assertThat(cases).as("strict object levels in the schema").hasSizeGreaterThanOrEqualTo(20);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.path(), () -> {
            Path file = Files.writeString(work.resolve("unknown" + c.path().replaceAll("\\W", "_") + ".yaml"), c.yaml());
            assertRefused(file, c.path() + ": unknown key; expected one of");
        }));
    }

    @TestFactory
    Stream<DynamicTest> pathologicalFilesAreRefusedNamingTheLimit() {
        return Pathological.ALL.stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            Path file = work.resolve(p.name() + ".yaml");
            p.writer().write(file);
            assertRefused(file, p.message());
        }));
    }

    @AfterAll
    static void printTimings() {
        long total = MILLIS.stream().mapToLong(Long::longValue).sum();
        long max = MILLIS.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("bad values: %d files refused by chartgen validate and by Helm; validate took %d ms in all, %d ms at most%n",
                MILLIS.size(), total, max);
    }

    private void assertRefused(Path file, String expected) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        MILLIS.add(millis);
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).startsWith(file.toString()).contains(expected)
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
        assertThat(millis).as("milliseconds to refuse %s", file).isLessThan(MAX_MILLIS_PER_FILE);
        assertThat(allocated).as("bytes allocated to refuse %s", file).isLessThan(MAX_ALLOCATED_BYTES);
        assertThatThrownBy(() -> helm.render("bad", file)).as("Helm refuses %s", file).isNotNull();
    }

    private static List<Path> corpus() {
        try (Stream<Path> walk = Files.walk(RepoLayout.testResources().resolve("bad-values"))) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
