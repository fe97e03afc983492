package org.redischart.chartgen.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * Writes rendered files as a chart directory. Everything is written to a temporary sibling
 * directory first and swapped in with renames, so a failed run never leaves a half-written
 * chart and the previous one stays as it was.
 *
 * <p>A file whose bytes are already in the chart is not rewritten: it keeps its modification
 * time (so {@code make}, editors and file watchers see only what changed). When every file is
 * already there and the chart holds nothing else, nothing is written at all; otherwise the
 * unchanged files go into the new directory as hard links to the current ones (copies, with
 * their times, where the file system has no hard links).
 */
public final class ChartWriter {
    /** @return the number of files written (new or changed); the others were left as they were */
    public int write(SortedMap<String, String> files, Path out) {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        try {
            Set<String> unchanged = unchanged(files, target);
            if (unchanged.size() == files.size() && onlyThese(target, files.keySet())) {
                return 0;
            }
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".new-");
            try {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Path path = staging.resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    if (unchanged.contains(file.getKey())) {
                        keep(target.resolve(file.getKey()), path);
                    } else {
                        Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                    }
                }
                swap(staging, target);
            } finally {
                deleteRecursively(staging);
            }
            return files.size() - unchanged.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + out + ": " + e.getMessage(), e);
        }
    }

    /** The files whose bytes the chart at {@code target} already holds, as regular files. */
    private static Set<String> unchanged(SortedMap<String, String> files, Path target) throws IOException {
        Set<String> same = new HashSet<>();
        if (!Files.isDirectory(target)) {
            return same;
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path existing = target.resolve(file.getKey());
            if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            byte[] wanted = file.getValue().getBytes(StandardCharsets.UTF_8);
            if (Files.size(existing) == wanted.length && Arrays.equals(Files.readAllBytes(existing), wanted)) {
                same.add(file.getKey());
            }
        }
        return same;
    }

    /** Whether the chart at {@code target} holds these files and no other file or directory. */
    private static boolean onlyThese(Path target, Set<String> names) throws IOException {
        Set<Path> expected = new HashSet<>();
        for (String name : names) {
            for (Path p = Path.of(name); p != null; p = p.getParent()) {
                expected.add(p);
            }
        }
        try (Stream<Path> walk = Files.walk(target)) {
            List<Path> found = walk.filter(p -> !p.equals(target)).map(target::relativize).toList();
            return found.size() == expected.size() && expected.containsAll(found);
        }
    }

    /** The current file into the new chart directory, unchanged and with its times. */
    private static void keep(Path current, Path into) throws IOException {
        try {
            Files.createLink(into, current);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(current, into, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void swap(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
            deleteRecursively(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteRecursively(old);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
