package org.redischart.chartgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.Scenarios;

/**
 * Every program the scripts of a container call is in that container's image: the lists under
 * src/test/resources/images (one program a line, from /work/shared/IMAGES.md: the redis image
 * and valkey images are Debian slim, whose "required" packages they have, plus Redis's or
 * Valkey's binaries; HAProxy's is Alpine's busybox plus haproxy; the exporter's holds one
 * binary). A script calling ps, nc or openssl in the redis image, or redis-cli in the valkey
 * image, fails here, naming the program and the container.
 */
class ImageProgramsTest {
    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyProgramTheScriptsCallIsInTheirImage() {
        return Scenarios.goldenDirs().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            List<RenderedScript> scripts = RenderedScripts.layOut(
                    Manifests.parse(Files.readString(dir.resolve("expected.yaml"))), work.resolve(dir.getFileName().toString()));
            Set<String> functions = new HashSet<>();
            for (RenderedScript script : scripts) {
                functions.addAll(CommandWords.functions(Files.readString(script.file())));
            }
            List<String> missing = new ArrayList<>();
            for (RenderedScript script : scripts) {
                Set<String> programs = programs(script.image());
                for (String program : CommandWords.programs(Files.readString(script.file()), functions)) {
                    if (!programs.contains(program.substring(program.lastIndexOf('/') + 1))) {
                        missing.add(program + " (called by " + script + ", not in image lists " + script.image().programsFiles + ")");
                    }
                }
            }
            assertThat(missing).as("programs the image lacks").isEmpty();
        }));
    }

    /** Prints which programs each image's scripts call over all golden renders, for IMAGES.md and review. */
    @Test
    void theRedisImageScriptsCallWhatTheChartReliesOn() throws IOException {
        Map<Image, Set<String>> called = new TreeMap<>();
        for (Path dir : Scenarios.goldenDirs()) {
            List<RenderedScript> scripts = RenderedScripts.layOut(
                    Manifests.parse(Files.readString(dir.resolve("expected.yaml"))), work.resolve(dir.getFileName().toString()));
            Set<String> functions = new HashSet<>();
            for (RenderedScript script : scripts) {
                functions.addAll(CommandWords.functions(Files.readString(script.file())));
            }
            for (RenderedScript script : scripts) {
                called.computeIfAbsent(script.image(), i -> new TreeSet<>())
                        .addAll(CommandWords.programs(Files.readString(script.file()), functions));
            }
        }
        System.out.println("programs the rendered scripts call, per image: " + called);
        assertThat(called.get(Image.REDIS)).contains("redis-server", "redis-cli", "redis-sentinel", "sha256sum", "timeout");
        assertThat(called.get(Image.HAPROXY)).contains("haproxy", "cat");
        assertThat(called.get(Image.VALKEY)).contains("valkey-server", "valkey-cli", "valkey-sentinel", "sha256sum", "timeout")
                .noneMatch(program -> program.startsWith("redis-"));
    }

    @Test
    void theReaderFindsProgramsWhereTheyHide() {
        String script = """
                # comment: ps aux
                set -eu
                x=$(getent hosts "$h" | awk '{ print $1; exit }') || true
                echo "count $(wc -l < f)"; n=$(( $(echo $a | wc -w) / 2 ))
                case "$r" in master|slave) timeout 2 redis-cli ping ;; *) exec redis-server /c ;; esac
                f() { sleep 1; }
                f && [ -f x ] && exec nc -z h 1
                """;
        assertThat(CommandWords.programs(script, CommandWords.functions(script)))
                .containsExactlyInAnyOrder("getent", "awk", "wc", "timeout", "redis-cli", "redis-server", "sleep", "nc");
    }

    static Set<String> programs(Image image) {
        Set<String> programs = new HashSet<>();
        for (String file : image.programsFiles) {
            Path list = RepoLayout.testResources().resolve("images").resolve(file + ".programs");
            try (Stream<String> lines = Files.lines(list)) {
                lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(programs::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the program list " + list, e);
            }
        }
        return programs;
    }
}
