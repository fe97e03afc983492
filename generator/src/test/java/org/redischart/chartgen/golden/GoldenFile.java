package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares rendered text with a committed golden file, exactly (LF endings). A mismatch
 * fails with a unified diff; {@code -Dgolden.update=true} (make golden) rewrites the file
 * instead. A missing golden file fails unless updating: nothing is created silently.
 */
public final class GoldenFile {
    private GoldenFile() {
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
