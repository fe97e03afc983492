package org.redischart.chartgen.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads CHANGELOG.md: a section {@code ## <version>} (optionally {@code ## [<version>] - <date>})
 * per chart version, holding bullets {@code - <kind>: <text>}; an indented line continues the
 * bullet above. Other headings and prose outside version sections are ignored.
 */
public final class ChangelogReader {

    private static final Pattern SECTION = Pattern.compile("##\\s+\\[?([0-9][0-9A-Za-z.+-]*)]?(\\s.*)?");
    private static final Pattern BULLET = Pattern.compile("[-*]\\s+([A-Za-z]+):\\s*(.+)");
    private static final Pattern CONTINUATION = Pattern.compile("\\s{2,}(\\S.*)");

    public Changelog read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ChangelogException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new ChangelogException(List.of("cannot read " + file + ": " + e));
        }
    }

    /** Parses {@code markdown}; {@code source} names the file in messages. Reports every bad line. */
    public Changelog parse(String source, String markdown) {
        Map<String, List<Change>> versions = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<Change> current = null;
        String[] lines = markdown.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = source + ":" + (i + 1) + ": ";
            Matcher section = SECTION.matcher(line.strip());
            Matcher bullet = BULLET.matcher(line);
            Matcher continuation = CONTINUATION.matcher(line);
            if (line.startsWith("#")) {
                current = section.matches() && line.startsWith("## ") ? newSection(versions, section.group(1), where, problems) : null;
            } else if (current == null || line.isBlank()) {
                continue;
            } else if (bullet.matches()) {
                addChange(current, bullet.group(1), bullet.group(2).strip(), where, problems);
            } else if (continuation.matches() && !current.isEmpty()) {
                Change last = current.remove(current.size() - 1);
                current.add(new Change(last.kind(), last.description() + " " + continuation.group(1).strip()));
            } else {
                problems.add(where + "expected a bullet '- <kind>: <text>', found '" + line.strip() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new ChangelogException(problems);
        }
        Map<String, List<Change>> frozen = new LinkedHashMap<>();
        versions.forEach((version, changes) -> frozen.put(version, List.copyOf(changes)));
        return new Changelog(source, frozen);
    }

    private static List<Change> newSection(Map<String, List<Change>> versions, String version, String where,
                                           List<String> problems) {
        if (versions.containsKey(version)) {
            problems.add(where + "expected one section per version, found a second '## " + version + "'");
        }
        List<Change> changes = new ArrayList<>();
        versions.put(version, changes);
        return changes;
    }

    private static void addChange(List<Change> changes, String kind, String text, String where, List<String> problems) {
        ChangeKind.fromLabel(kind.toLowerCase(java.util.Locale.ROOT)).ifPresentOrElse(
                k -> changes.add(new Change(k, text)),
                () -> problems.add(where + "expected a kind of added, changed, deprecated, removed, fixed or "
                        + "security, found '" + kind + "'"));
    }
}
