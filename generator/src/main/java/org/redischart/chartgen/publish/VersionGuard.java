package org.redischart.chartgen.publish;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses a chart whose version is already published with different content: a change needs a
 * version bump (chart-testing's version check). Helm's archives carry timestamps, so the
 * comparison is by extracted file contents, never by digest.
 */
public final class VersionGuard {

    private final String chartLabel;

    /** {@code chartLabel} names the chart directory in messages, e.g. {@code charts/redis}. */
    public VersionGuard(String chartLabel) {
        this.chartLabel = chartLabel;
    }

    /** Passes when {@code publishedDir} holds no package of the candidate's version (a new version). */
    public void check(ChartArchive candidate, Path publishedDir) {
        Path published = publishedDir.resolve(candidate.file().getFileName());
        if (!Files.isRegularFile(published)) {
            return;
        }
        List<String> differing = candidate.differingFiles(ChartArchive.read(published));
        if (!differing.isEmpty()) {
            throw new PublishException(chartLabel + " differs from the published " + published.getFileName()
                    + ": bump the version in pom.xml (files: " + String.join(", ", differing) + ")");
        }
    }
}
