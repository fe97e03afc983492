package org.redischart.chartgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.Scenarios;

/**
 * Every script and {@code sh -c} line of every golden render parses in the shell of the image
 * that runs it ({@code dash -n} for Debian's redis image; {@code busybox sh -n} as well for the
 * Alpine HAProxy image) and passes {@code shellcheck -s dash} (Debian's), following the files it
 * sources. The one finding allowed everywhere: {@code ${REDIS_CLI_ARGS:-}} unquoted (SC2086),
 * which holds several redis-cli options and is split on purpose; any other exception is a
 * {@code # shellcheck disable=…} with its reason in the template.
 */
class RenderedScriptsLintTest {
    static final String SPLIT_ON_PURPOSE = "${REDIS_CLI_ARGS:-}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SOURCED = Pattern.compile("(?m)^\\s*\\. (/\\S+)");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyRenderedScriptParsesAndPassesShellcheck() {
        // Scenarios share most scripts: each script (with the files it sources, in its image) is checked once.
        Set<String> checked = new HashSet<>();
        return Scenarios.goldenDirs().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Path root = work.resolve(dir.getFileName().toString());
            List<RenderedScript> scripts = RenderedScripts.layOut(
                    Manifests.parse(Files.readString(dir.resolve("expected.yaml"))), root);
            List<RenderedScript> unchecked = new ArrayList<>();
            for (RenderedScript script : scripts) {
                if (checked.add(script.image() + "\n" + withSourced(script.file(), root))) {
                    unchecked.add(script);
                }
            }
            List<String> problems = check(unchecked, root);
            assertThat(problems).as("%d scripts of %s (%d not seen in an earlier scenario)", scripts.size(),
                    dir.getFileName(), unchecked.size()).isEmpty();
        }));
    }

    @Test
    void theChecksFindWhatTheyAreFor() throws IOException {
        Path root = Files.createDirectories(work.resolve("broken"));
        Path unclosed = Files.writeString(root.resolve("unclosed.sh"), "if true; then echo x\n");
        assertThat(check(List.of(new RenderedScript("unclosed if", Image.REDIS, unclosed)), root)).anyMatch(p -> p.contains("dash -n"));
        Path bashism = Files.writeString(root.resolve("bashism.sh"), "x=(a b)\necho \"${x[0]}\"\n");
        assertThat(check(List.of(new RenderedScript("an array", Image.HAPROXY, bashism)), root))
                .anyMatch(p -> p.contains("busybox sh -n")).anyMatch(p -> p.contains("dash -n"));
        Path unquoted = Files.writeString(root.resolve("unquoted.sh"), "f=$1\ncat $f\nredis-cli ${REDIS_CLI_ARGS:-} ping\n");
        assertThat(check(List.of(new RenderedScript("unquoted", Image.REDIS, unquoted)), root))
                .singleElement().asString().contains("SC2086").contains(":2:");
    }

    /** The script's text followed by the texts of the files it sources (". /path"), as laid out under root. */
    private static String withSourced(Path file, Path root) throws IOException {
        String text = Files.readString(file);
        StringBuilder all = new StringBuilder(text);
        Matcher sourced = SOURCED.matcher(text);
        while (sourced.find()) {
            Path path = root.resolve(sourced.group(1).substring(1));
            all.append("\n--- ").append(sourced.group(1)).append('\n').append(Files.exists(path) ? Files.readString(path) : "");
        }
        return all.toString();
    }

    /**
     * Every problem of the scripts, each naming the script, the checker and the finding; one
     * shellcheck run for all of them (it is the slow part).
     */
    static List<String> check(List<RenderedScript> scripts, Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, RenderedScript> byFile = new LinkedHashMap<>();
        for (RenderedScript script : scripts) {
            String file = script.file().toString();
            if (script.image().shell == null) {
                problems.add(script + ": a shell script in an image without a shell");
                continue;
            }
            byFile.put(file, script);
            Run dash = Run.of(List.of("dash", "-n", file));
            if (dash.exitCode() != 0) {
                problems.add(script + ": dash -n: " + dash.output().strip());
            }
            if ("busybox".equals(script.image().shell)) {
                Run busybox = Run.of(List.of("busybox", "sh", "-n", file));
                if (busybox.exitCode() != 0) {
                    problems.add(script + ": busybox sh -n: " + busybox.output().strip());
                }
            }
        }
        if (byFile.isEmpty()) {
            return problems;
        }
        List<String> command = new ArrayList<>(List.of("shellcheck", "-s", "dash", "-x", "-P", root.toString(), "-f", "json1"));
        command.addAll(byFile.keySet());
        for (JsonNode comment : JSON.readTree(Run.of(command).output()).path("comments")) {
            RenderedScript script = byFile.get(comment.path("file").asText());
            if (script == null) {
                continue; // a sourced file that is no script of its own here
            }
            List<String> lines = Files.readAllLines(script.file());
            int line = comment.path("line").asInt();
            String text = line <= lines.size() ? lines.get(line - 1) : "";
            int from = comment.path("column").asInt() - 1;
            int to = Math.min(text.length(), comment.path("endColumn").asInt() - 1);
            String flagged = from >= 0 && from < to ? text.substring(from, to) : "";
            if (comment.path("code").asInt() == 2086 && flagged.equals(SPLIT_ON_PURPOSE)) {
                continue;
            }
            problems.add("%s: shellcheck SC%d at :%d: %s [%s]".formatted(script, comment.path("code").asInt(), line,
                    comment.path("message").asText(), text.strip()));
        }
        return problems;
    }
}
