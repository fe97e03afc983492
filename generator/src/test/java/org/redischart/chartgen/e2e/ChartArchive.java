package org.redischart.chartgen.e2e;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

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

    /** One file of the archive (path inside it, e.g. {@code redis/values.schema.json}). */
    Optional<String> read(String entry) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            return TarEntries.find(in, entry).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tgz, e);
        }
    }

    /** Just enough of the ustar format to pull one regular file out of a Helm package. */
    private static final class TarEntries {
        private static final int BLOCK = 512;

        static Optional<byte[]> find(InputStream in, String wanted) throws IOException {
            byte[] header = new byte[BLOCK];
            while (in.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                String octalSize = field(header, 124, 12).trim();
                long size = octalSize.isEmpty() ? 0 : Long.parseLong(octalSize, 8);
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
                char type = (char) header[156];
                if ((type == '0' || type == 0) && path.equals(wanted)) {
                    return Optional.of(body);
                }
            }
            return Optional.empty();
        }

        private static String field(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
        }
    }
}
