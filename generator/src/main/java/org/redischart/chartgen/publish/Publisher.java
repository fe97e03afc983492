package org.redischart.chartgen.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds the chart repository: the published packages unchanged, plus the chart's package when
 * its version is new, and an index.yaml merging both. A published version whose content changed
 * is refused (see {@link VersionGuard}).
 */
public final class Publisher {

    private static final String INDEX = "index.yaml";

    private final ChartPackager packager;
    private final Clock clock;

    public Publisher(ChartPackager packager, Clock clock) {
        this.packager = packager;
        this.clock = clock;
    }

    public PublishResult publish(PublishRequest request) {
        Path staging = createStaging();
        try {
            ChartArchive candidate = packager.packageChart(request.chartDir(), staging, request.signingKey());
            new VersionGuard(request.chartDir().toString()).check(candidate, request.publishedDir());
            RepositoryIndex index = RepositoryIndex.read(request.publishedDir().resolve(INDEX));
            prepareOut(request.publishedDir(), request.outDir());
            boolean added = !index.contains(candidate.name(), candidate.version());
            if (added) {
                ChartArchive entry = publishedOrCandidate(candidate, request);
                String fileName = entry.file().getFileName().toString();
                index.add(entry, url(request.baseUrl(), fileName), clock.instant());
                index.write(request.outDir().resolve(INDEX), clock.instant());
            } else if (!isSameDir(request.publishedDir(), request.outDir())) {
                // Nothing new: the published index is the repository, byte for byte.
                Files.copy(request.publishedDir().resolve(INDEX), request.outDir().resolve(INDEX),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            return new PublishResult(candidate.name(), candidate.version(), added, index.versions(candidate.name()));
        } catch (IOException e) {
            throw new PublishException("cannot write chart repository " + request.outDir() + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(staging);
        }
    }

    /** A package already in the published directory (but missing from its index) is kept, not rebuilt. */
    private static ChartArchive publishedOrCandidate(ChartArchive candidate, PublishRequest request) throws IOException {
        Path published = request.publishedDir().resolve(candidate.file().getFileName());
        if (Files.isRegularFile(published)) {
            return ChartArchive.read(published);
        }
        copyWithProvenance(candidate.file(), request.outDir());
        return candidate;
    }

    static String url(Optional<URI> baseUrl, String fileName) {
        return baseUrl.map(base -> base.toString().replaceAll("/+$", "") + "/" + fileName).orElse(fileName);
    }

    /** The out directory receives every published package; stale ones from earlier runs go first. */
    private static void prepareOut(Path publishedDir, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        if (isSameDir(publishedDir, outDir)) {
            return;
        }
        for (Path stale : repositoryFiles(outDir)) {
            Files.delete(stale);
        }
        if (Files.isDirectory(publishedDir)) {
            for (Path published : repositoryFiles(publishedDir)) {
                if (!published.getFileName().toString().equals(INDEX)) {
                    Files.copy(published, outDir.resolve(published.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<Path> repositoryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".tgz") || name.endsWith(".tgz.prov") || name.equals(INDEX);
            }).sorted().toList();
        }
    }

    private static void copyWithProvenance(Path tgz, Path outDir) throws IOException {
        Files.copy(tgz, outDir.resolve(tgz.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path prov = tgz.resolveSibling(tgz.getFileName() + ".prov");
        if (Files.isRegularFile(prov)) {
            Files.copy(prov, outDir.resolve(prov.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isSameDir(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static Path createStaging() {
        try {
            return Files.createTempDirectory("chartgen-publish-");
        } catch (IOException e) {
            throw new PublishException("cannot create a staging directory: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover staging directory under the temp dir is harmless.
        }
    }
}
