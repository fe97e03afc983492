package org.redischart.chartgen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.redischart.chartgen.input.ValuesCache;

/**
 * Build step (pom.xml, before the chart goes into the jar): writes the {@link ValuesCache} of
 * the chart's values.yaml that the jar carries beside the chart
 * ({@link ChartSource#BUNDLED_VALUES_CACHE}). Not a chartgen command.
 *
 * <p>Arguments: {@code <values.yaml> <cache file to write>}.
 */
public final class BundleValuesCache {
    private BundleValuesCache() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BundleValuesCache <values.yaml> <cache file>");
        }
        Path values = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Files.createDirectories(cache.toAbsolutePath().getParent());
        Files.write(cache, ValuesCache.write(values.toString(), Files.readAllBytes(values)));
    }
}
