package org.redischart.chartgen.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What merges leave behind and readers trip over: a sentence written twice, two rows for one
 * thing in a table, a heading glued to the paragraph above, a relative link to nothing.
 */
class MarkdownHygieneTest {
    /** Shorter repeats are phrases ("same value"), not damage. */
    private static final int MIN_SENTENCE = 50;

    static Stream<MarkdownDoc> docs() {
        return DocFiles.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void noSentenceIsWrittenTwice(MarkdownDoc doc) {
        assertThat(repeatedSentences(doc)).as(DocFiles.relative(doc) + ": sentences written twice (line: text)").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void noTableHasTwoRowsForTheSameThing(MarkdownDoc doc) {
        assertThat(repeatedRows(doc)).as(DocFiles.relative(doc) + ": table rows repeated").isEmpty();
    }

    static List<String> repeatedRows(MarkdownDoc doc) {
        List<String> repeats = new ArrayList<>();
        Map<String, Integer> firstCells = new HashMap<>();
        for (MarkdownDoc.ProseLine line : doc.prose()) {
            if (!line.text().startsWith("|")) {
                firstCells.clear();
                continue;
            }
            String first = line.text().split("\\|", -1)[1].trim();
            Integer earlier = firstCells.putIfAbsent(first, line.number());
            if (earlier != null && !first.matches("-*")) {
                repeats.add(line.number() + ": " + first + " (also on line " + earlier + ")");
            }
        }
        return repeats;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void everyHeadingHasABlankLineAbove(MarkdownDoc doc) {
        assertThat(gluedHeadings(doc)).as(DocFiles.relative(doc) + ": headings right under a line of text").isEmpty();
    }

    static List<String> gluedHeadings(MarkdownDoc doc) {
        List<String> glued = new ArrayList<>();
        List<MarkdownDoc.ProseLine> prose = doc.prose();
        for (int i = 1; i < prose.size(); i++) {
            MarkdownDoc.ProseLine line = prose.get(i);
            MarkdownDoc.ProseLine above = prose.get(i - 1);
            if (line.text().matches("#{1,6} .*") && above.number() == line.number() - 1 && !above.text().isBlank()
                    && !above.text().startsWith("<!--")) {
                glued.add(line.number() + ": " + line.text());
            }
        }
        return glued;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void everyRelativeLinkLeadsToAFileAndHeading(MarkdownDoc doc) {
        assertThat(deadLinks(doc)).as(DocFiles.relative(doc) + ": dead relative links").isEmpty();
    }

    static List<String> deadLinks(MarkdownDoc doc) {
        List<String> dead = new ArrayList<>();
        for (MarkdownDoc.ProseLine link : doc.links()) {
            String target = link.text();
            if (target.matches("[a-z]+:.*")) {
                continue;
            }
            String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
            String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
            Path resolved = file.isEmpty() ? doc.path() : doc.path().getParent().resolve(file).normalize();
            if (!Files.exists(resolved)) {
                dead.add(link.number() + ": " + target + " (no file " + resolved + ")");
            } else if (!anchor.isEmpty() && resolved.toString().endsWith(".md")
                    && !MarkdownDoc.read(resolved).anchors().contains(anchor)) {
                dead.add(link.number() + ": " + target + " (no heading #" + anchor + " in " + resolved.getFileName() + ")");
            }
        }
        return dead;
    }

    @Test
    void theChecksFindTheMergeDamageTheyGuardAgainst(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("damaged.md"), List.of(
                "# Title",
                "",
                "The primary's preStop hands its role over with writes paused, so nothing is lost.",
                "Other text here.",
                "## Glued heading",
                "",
                "| path | what |",
                "|------|------|",
                "| `.ci/run` | one version |",
                "| `.ci/run` | another version |",
                "",
                "Then, again: the primary's preStop hands its role over with writes paused, so nothing is lost.",
                "[dead](no-such-file.md) and [no heading](#nowhere) and [fine](#title)"));
        MarkdownDoc damaged = MarkdownDoc.read(file);
        assertThat(repeatedSentences(damaged)).singleElement().asString().startsWith("12: the primary's prestop");
        assertThat(repeatedRows(damaged)).containsExactly("10: `.ci/run` (also on line 9)");
        assertThat(gluedHeadings(damaged)).containsExactly("5: ## Glued heading");
        assertThat(deadLinks(damaged)).hasSize(2).allMatch(d -> d.startsWith("13: no-such-file.md") || d.startsWith("13: #nowhere"));
    }

    /** Sentences of the prose outside tables, normalized, that occur more than once; each as "line: text". */
    static List<String> repeatedSentences(MarkdownDoc doc) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> repeats = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        int paragraphLine = 0;
        // The parameter reference repeats the schema's wording for like values (every Service's
        // externalTrafficPolicy); it is generated, so merges cannot damage it.
        List<MarkdownDoc.ProseLine> prose = new ArrayList<>(doc.prose().stream()
                .takeWhile(line -> !line.text().equals("## Parameters")).toList());
        prose.add(new MarkdownDoc.ProseLine(Integer.MAX_VALUE, ""));
        for (MarkdownDoc.ProseLine line : prose) {
            String text = line.text().trim();
            boolean breaks = text.isEmpty() || text.startsWith("|") || text.startsWith("#") || text.startsWith("<!--")
                    || text.matches("([-*]|\\d+\\.) .*");
            if (breaks && paragraph.length() > 0) {
                for (String sentence : paragraph.toString().split("(?<=[.;:!?])\\s+")) {
                    String normalized = sentence.replaceFirst("^[^A-Za-z`(]*", "").replaceAll("\\s+", " ").trim()
                            .toLowerCase(java.util.Locale.ROOT);
                    if (normalized.length() >= MIN_SENTENCE) {
                        Integer earlier = seen.putIfAbsent(normalized, paragraphLine);
                        if (earlier != null) {
                            repeats.add(paragraphLine + ": " + normalized + " (first near line " + earlier + ")");
                        }
                    }
                }
                paragraph.setLength(0);
            }
            if (!text.isEmpty() && !text.startsWith("|") && !text.startsWith("#") && !text.startsWith("<!--")) {
                if (paragraph.length() == 0) {
                    paragraphLine = line.number();
                }
                paragraph.append(text.replaceFirst("^([-*]|\\d+\\.) ", "")).append(' ');
            }
        }
        return repeats;
    }
}
