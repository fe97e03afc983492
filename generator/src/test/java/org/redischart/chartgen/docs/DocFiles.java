package org.redischart.chartgen.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.redischart.chartgen.testing.RepoLayout;

/** The Markdown documents a user or contributor reads (docs/repo is the published repository, not a document). */
final class DocFiles {
    private DocFiles() {
    }

    static List<MarkdownDoc> all() {
        Path root = RepoLayout.root();
        List<Path> paths = new ArrayList<>();
        paths.addAll(markdownIn(root));
        paths.addAll(markdownIn(root.resolve("docs")));
        paths.add(root.resolve("templates/README.md"));
        paths.add(RepoLayout.chart().resolve("README.md"));
        return paths.stream().map(MarkdownDoc::read).toList();
    }

    private static List<Path> markdownIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path relative to the repository, for messages. */
    static String relative(MarkdownDoc doc) {
        return RepoLayout.root().relativize(doc.path()).toString();
    }
}
