package org.redischart.chartgen.e2e;

import com.marcnuri.helm.Helm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The packaged chart the suite installs: the publish step's
 * {@code target/chart-repo/redis-<version>.tgz} when it exists (or {@code -De2e.chart=path}),
 * else charts/redis packaged into a scratch directory with the real Helm engine.
 */
record ChartArchive(Path tgz, String origin) {

    static ChartArchive locate(Path repoRoot, String version, Path scratch) {
        String explicit = System.getProperty("e2e.chart", "");
        if (!explicit.isBlank()) {
            Path file = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("-De2e.chart=" + explicit + ": no such chart archive");
            }
            return new ChartArchive(file, "-De2e.chart");
        }
        String name = "redis-" + version + ".tgz";
        for (Path candidate : List.of(repoRoot.resolve("target/chart-repo").resolve(name),
                repoRoot.resolve("generator/target/chart-repo").resolve(name))) {
            if (Files.isRegularFile(candidate)) {
                return new ChartArchive(candidate, "publish step");
            }
        }
        return packaged(repoRoot.resolve("charts/redis"), version, scratch);
    }

    /** {@code helm package <chartDir> -d <scratch>} with the real Helm engine. */
    static ChartArchive packaged(Path chartDir, String version, Path scratch) {
        new Helm(chartDir).packageIt().withDestination(scratch).call();
        Path packaged = scratch.resolve(chartDir.getFileName() + "-" + version + ".tgz");
        if (!Files.isRegularFile(packaged)) {
            throw new IllegalStateException("helm package " + chartDir + " did not write " + packaged);
        }
        return new ChartArchive(packaged, "packaged from " + chartDir);
    }

    /**
     * One file of the archive (path inside it, e.g. {@code redis/values.schema.json}), read by
     * the publish stage's archive reader: the project has one tar reader.
     */
    Optional<String> read(String entry) {
        String inChart = entry.substring(entry.indexOf('/') + 1);
        return Optional.ofNullable(org.redischart.chartgen.publish.ChartArchive.read(tgz).files().get(inChart))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
