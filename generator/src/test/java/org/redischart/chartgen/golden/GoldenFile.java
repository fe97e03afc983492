package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares rendered text with a committed golden file, exactly (LF endings). A mismatch
 * fails with a unified diff; {@code -Dgolden.update=true} (make golden) rewrites the file
 * instead. A missing golden file fails unless updating: nothing is created silently.
 * Golden files never carry the chart version ({@link #versionFree}): a release changes none;
 * nor the hashes of checksum annotations ({@link #checksumFree}).
 */
public final class GoldenFile {
    /** What golden files hold where a render says the chart version. */
    public static final String VERSION_PLACEHOLDER = "<chart-version>";
    private static final Pattern CHART_YAML_FIELD = Pattern.compile("(?m)^(name|version):\\s*\"?([^\"\\s]+)");

    private GoldenFile() {
    }

    /**
     * {@code rendered} with every {@code <name>-<version>} of the chart (the {@code helm.sh/chart}
     * label) replaced by {@code <name>-<chart-version>}, name and version read from the chart's Chart.yaml.
     */
    public static String versionFree(String rendered, Path chart) {
        String name = null;
        String version = null;
        try {
            Matcher field = CHART_YAML_FIELD.matcher(Files.readString(chart.resolve("Chart.yaml")));
            while (field.find()) {
                if (field.group(1).equals("name") && name == null) {
                    name = field.group(2);
                } else if (field.group(1).equals("version") && version == null) {
                    version = field.group(2);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (name == null || version == null) {
            throw new IllegalStateException(chart + "/Chart.yaml: expected top-level name and version");
        }
        return rendered.replace(name + "-" + version, name + "-" + VERSION_PLACEHOLDER);
    }

    /** What golden files hold in place of a checksum annotation's hash. */
    public static final String CHECKSUM_PLACEHOLDER = "<sha256>";
    private static final Pattern CHECKSUM = Pattern.compile("(?m)^(\\s+checksum/[-a-z]+): [0-9a-f]{64}$");

    /**
     * {@code rendered} with the hash of every {@code checksum/*} annotation replaced by
     * {@value #CHECKSUM_PLACEHOLDER}: a config line then changes only the scenarios that show it.
     * ChecksumAnnotationsTest proves each hash changes when, and only when, its inputs do.
     */
    public static String checksumFree(String rendered) {
        return CHECKSUM.matcher(rendered).replaceAll("$1: " + CHECKSUM_PLACEHOLDER);
    }

    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    public static void assertMatches(Path golden, String actual) {
        try {
            if (updating()) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual);
                return;
            }
            if (!Files.exists(golden)) {
                fail("missing golden file " + golden + "; run `make golden` to create it, then review it");
            }
            String expected = Files.readString(golden);
            if (!expected.equals(actual)) {
                fail("rendered output differs from " + golden + " (run `make golden` if the change is intended):\n"
                        + unifiedDiff(golden.getFileName().toString(), expected, actual));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String unifiedDiff(String name, String expected, String actual) {
        List<String> original = expected.lines().toList();
        List<String> revised = actual.lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
                "expected/" + name, "actual/" + name, original, DiffUtils.diff(original, revised), 3);
        return String.join("\n", diff);
    }
}
