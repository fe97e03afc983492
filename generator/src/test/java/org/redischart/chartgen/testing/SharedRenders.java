package org.redischart.chartgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Helm renders that several test classes judge, each rendered once per build: kept under
 * {@code generator/target/shared-renders} by a digest of everything the render reads (the
 * chart's files, the values file, release name, Kubernetes version and Helm's jar), so a class in another
 * surefire JVM reads the render instead of rendering again, and a changed chart or values file
 * is rendered anew. For renders that read nothing from the cluster (an empty API server).
 */
final class SharedRenders {
    private static final Path DIR = RepoLayout.root().resolve("generator/target/shared-renders");
    /** The helm-java jar (its path names the version): another Helm renders anew. */
    private static final String HELM = String.valueOf(com.marcnuri.helm.Helm.class.getProtectionDomain().getCodeSource().getLocation());

    private final HelmRenderer helm;
    private final String chartDigest;

    SharedRenders(Path chart) {
        this.helm = new HelmRenderer(chart);
        this.chartDigest = digestOfTree(chart);
    }

    /** {@code helm template release chart -f values}, or the same render another class made. */
    String render(String release, Path values) {
        try {
            String key = hex(sha256((chartDigest + "\n" + release + "\n" + HelmRenderer.KUBE_VERSION + "\n" + HELM + "\n"
                    + hex(sha256(Files.readAllBytes(values)))).getBytes(StandardCharsets.UTF_8)));
            Path kept = DIR.resolve(key + ".yaml");
            if (Files.exists(kept)) {
                return Files.readString(kept);
            }
            String rendered = helm.render(release, values);
            Files.createDirectories(DIR);
            Path partial = Files.createTempFile(DIR, key, ".partial");
            Files.writeString(partial, rendered);
            Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return rendered;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digestOfTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(sha256(Files.readAllBytes(file)));
            }
            return hex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
