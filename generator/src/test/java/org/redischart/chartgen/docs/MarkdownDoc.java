package org.redischart.chartgen.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file split the way the document tests read it: fenced code blocks, the prose
 * lines outside them (with their line numbers), headings and links. Enough Markdown for this
 * repository's documents, not a CommonMark parser.
 */
record MarkdownDoc(Path path, List<String> lines) {
    private static final Pattern FENCE = Pattern.compile("^\\s*```(\\w*)\\s*$");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");

    /** A fenced block: its language (may be empty), first line number (1-based) and text. */
    record CodeBlock(String language, int line, String text) {
    }

    /** A line outside code blocks, 1-based. */
    record ProseLine(int number, String text) {
    }

    static MarkdownDoc read(Path path) {
        try {
            return new MarkdownDoc(path, Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<CodeBlock> codeBlocks() {
        List<CodeBlock> blocks = new ArrayList<>();
        String language = null;
        int start = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (language == null && fence.matches()) {
                language = fence.group(1);
                start = i + 2;
                text.setLength(0);
            } else if (language != null && lines.get(i).trim().equals("```")) {
                blocks.add(new CodeBlock(language, start, text.toString()));
                language = null;
            } else if (language != null) {
                text.append(lines.get(i)).append('\n');
            }
        }
        return blocks;
    }

    List<ProseLine> prose() {
        List<ProseLine> prose = new ArrayList<>();
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).matches() || (inCode && line.trim().equals("```"))) {
                inCode = !inCode;
            } else if (!inCode) {
                prose.add(new ProseLine(i + 1, line));
            }
        }
        return prose;
    }

    /** Inline code spans of the prose, then every code block: where names are written. */
    List<String> codeTexts() {
        List<String> texts = new ArrayList<>();
        for (ProseLine line : prose()) {
            Matcher code = INLINE_CODE.matcher(line.text());
            while (code.find()) {
                texts.add(code.group(1));
            }
        }
        codeBlocks().forEach(block -> texts.add(block.text()));
        return texts;
    }

    /** Link targets in the prose, as written. */
    List<ProseLine> links() {
        List<ProseLine> links = new ArrayList<>();
        for (ProseLine line : prose()) {
            Matcher link = LINK.matcher(line.text());
            while (link.find()) {
                links.add(new ProseLine(line.number(), link.group(1)));
            }
        }
        return links;
    }

    /** GitHub's anchors for the headings: lowercased, punctuation dropped, spaces as dashes, repeats numbered. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        for (ProseLine line : prose()) {
            if (line.text().startsWith("#")) {
                String title = line.text().replaceFirst("^#+\\s*", "").trim();
                String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String anchor = slug;
                for (int n = 1; anchors.contains(anchor); n++) {
                    anchor = slug + "-" + n;
                }
                anchors.add(anchor);
            }
        }
        return anchors;
    }

    String name() {
        return path.toString();
    }
}
