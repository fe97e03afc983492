package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every golden scenario rendered by the real Helm engine, hook objects included: helm-java's
 * template leaves out {@code helm.sh/hook} objects (the test pod), so scenarios render from a
 * copy of the chart whose hook annotations are renamed and therefore kept.
 */
public final class Scenarios {
    public static final String RELEASE = "policy";
    /** Replaces {@code helm.sh/hook} in the copy; the rendered object says where it came from. */
    public static final String RENAMED_HOOK = "policy-test.redischart.org/was-helm-hook";

    private Scenarios() {
    }

    /** Folders under golden/, sorted; each holds values.yaml. */
    public static List<Path> goldenDirs() {
        try (Stream<Path> dirs = Files.list(RepoLayout.testResources().resolve("golden"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of charts/redis under {@code workDir} in which hooks render like other objects. */
    public static Path chartWithHooksKept(Path workDir) {
        Path copy = TreeCopy.copy(RepoLayout.chart(), workDir.resolve("redis"));
        try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                if (text.contains("helm.sh/hook")) {
                    Files.writeString(file, text.replace("helm.sh/hook", RENAMED_HOOK));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders every golden scenario with the given chart (see {@link #chartWithHooksKept}); the
     * classes that judge these renders share them ({@link SharedRenders}): one renders, the
     * others read.
     */
    public static List<Rendered> renderAll(Path chart) {
        SharedRenders helm = new SharedRenders(chart);
        return goldenDirs().stream().map(dir -> {
            Manifests manifests = Manifests.parse(helm.render(RELEASE, dir.resolve("values.yaml")));
            return new Rendered(dir.getFileName().toString(), manifests, passwordIn(manifests));
        }).toList();
    }

    /** The password the chart's Secret holds in this render, if the chart made one. */
    private static Optional<String> passwordIn(Manifests manifests) {
        return manifests.ofKind("Secret").stream()
                .map(secret -> secret.path("data").path("redis-password"))
                .filter(JsonNode::isTextual)
                .map(data -> new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8))
                .findFirst();
    }

    /** One scenario's rendered objects and the password used in that render. */
    public record Rendered(String name, Manifests manifests, Optional<String> password) {
        @Override
        public String toString() {
            return name;
        }
    }
}
