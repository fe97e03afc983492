package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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
import org.redischart.chartgen.testing.UmbrellaBatches;

/**
 * Every bad values file is refused by {@code chartgen validate} with exit code 1, a message
 * naming the path and no stack trace, within a hang guard of time and allocation; and the real
 * Helm engine refuses the same file. Three sources: the committed corpus under bad-values/
 * (each file's first line says what the message must contain), an unknown key at every level
 * of the schema (derived from values.schema.json, so new blocks are covered), and pathological
 * files too big to commit, written at test time.
 * <p>
 * Helm's refusals are asked in batches first: the plain files (a mapping, no tabs or document
 * markers) go through an umbrella chart forty at a time ({@link UmbrellaBatches}), and a file
 * whose alias Helm names as breaking the schema is refused (that check does not depend on the
 * release or chart name). Every other file, the pathological ones included, is rendered alone.
 */
class BadValuesCorpusTest {
    /** Hang guard only: speed targets belong in benchmarks (one file took 26 s on 2 cores shared by six builds). */
    private static final long MAX_MILLIS_PER_FILE = 60_000;
    /** Allocation guard per file: a bounded reader never comes near it. */
    private static final long MAX_ALLOCATED_BYTES = 512L * 1024 * 1024;
    private static final String EXPECT = "# expect: ";
    private static final int BATCH = 40;
    /** A first line that opens a mapping (a key, or a flow mapping): safe to indent under an alias. */
    private static final Pattern MAPPING_START = Pattern.compile("^([A-Za-z0-9_.\"'-]+ *:( |$)|\\{)");

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private static final List<Long> MILLIS = new ArrayList<>();
    private static int refusedInBatches;

    @TempDir
    static Path work;

    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @TestFactory
    Stream<DynamicTest> everyCommittedBadValuesFileIsRefusedByChartgenAndHelm() throws IOException {
        List<Path> files = corpus();
        assertThat(files).as("bad-values corpus").hasSizeGreaterThanOrEqualTo(150);
        Set<Path> refusedByHelm = refusedByHelmInBatches(files, "corpus");
        return files.stream().map(file -> DynamicTest.dynamicTest(
                RepoLayout.testResources().resolve("bad-values").relativize(file).toString(), () -> {
                    String expected = Files.readAllLines(file).get(0);
                    assertThat(expected).as("first line of %s", file).startsWith(EXPECT);
                    assertRefused(file, expected.substring(EXPECT.length()), refusedByHelm.contains(file));
                }));
    }

    @TestFactory
    Stream<DynamicTest> anUnknownKeyAtEveryLevelOfTheSchemaIsRefused() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(RepoLayout.chart().resolve("values.schema.json").toFile());
        List<UnknownKeys.Case> cases = new UnknownKeys(schema).everyLevel();
        assertThat(cases).as("strict object levels in the schema").hasSizeGreaterThanOrEqualTo(20);
        Map<UnknownKeys.Case, Path> files = new LinkedHashMap<>();
        for (UnknownKeys.Case c : cases) {
            files.put(c, Files.writeString(work.resolve("unknown" + c.path().replaceAll("\\W", "_") + ".yaml"), c.yaml()));
        }
        Set<Path> refusedByHelm = refusedByHelmInBatches(List.copyOf(files.values()), "unknown-keys");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.path(), () ->
                assertRefused(files.get(c), c.path() + ": unknown key; expected one of", refusedByHelm.contains(files.get(c)))));
    }

    @TestFactory
    Stream<DynamicTest> pathologicalFilesAreRefusedNamingTheLimit() {
        return Pathological.ALL.stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            Path file = work.resolve(p.name() + ".yaml");
            p.writer().write(file);
            assertRefused(file, p.message(), false);
        }));
    }

    @AfterAll
    static void printTimings() {
        long total = MILLIS.stream().mapToLong(Long::longValue).sum();
        long max = MILLIS.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("bad values: %d files refused by chartgen validate and by Helm (%d of them in batch renders); validate took %d ms in all, %d ms at most%n",
                MILLIS.size(), refusedInBatches, total, max);
    }

    /**
     * @param refusedByHelm Helm already named the file as breaking the schema in a batch;
     *     otherwise it is rendered alone here
     */
    private void assertRefused(Path file, String expected, boolean refusedByHelm) {
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
        if (!refusedByHelm) {
            assertThatThrownBy(() -> helm.render("bad", file)).as("Helm refuses %s", file).isNotNull();
        }
    }

    /** The plain files among {@code files} that Helm refuses by the schema, asked {@value #BATCH} at a time. */
    private static Set<Path> refusedByHelmInBatches(List<Path> files, String name) throws IOException {
        List<Path> plain = new ArrayList<>();
        for (Path file : files) {
            if (isPlainMapping(Files.readAllBytes(file))) {
                plain.add(file);
            }
        }
        UmbrellaBatches batches = new UmbrellaBatches(RepoLayout.chart(), work.resolve("umbrella-" + name), RepoLayout.chartVersion());
        Set<Path> refused = new HashSet<>();
        for (int from = 0; from < plain.size(); from += BATCH) {
            List<FileCase> batch = new ArrayList<>();
            for (int i = from; i < Math.min(plain.size(), from + BATCH); i++) {
                batch.add(new FileCase(i, Files.readString(plain.get(i))));
            }
            batches.refusedBySchema(batch).forEach(id -> refused.add(plain.get(id)));
        }
        refusedInBatches += refused.size();
        return refused;
    }

    /** A UTF-8 mapping whose lines keep their meaning indented under a key: no tab, CR, BOM, directive or document marker. */
    static boolean isPlainMapping(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        if (text.indexOf('\t') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\uFEFF') >= 0) {
            return false;
        }
        List<String> content = text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        return !content.isEmpty() && MAPPING_START.matcher(content.get(0)).find()
                && content.stream().noneMatch(line -> line.startsWith("---") || line.startsWith("...") || line.startsWith("%"));
    }

    private record FileCase(int id, String yaml) implements UmbrellaBatches.Case {
    }

    private static List<Path> corpus() {
        try (Stream<Path> walk = Files.walk(RepoLayout.testResources().resolve("bad-values"))) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
