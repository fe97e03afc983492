package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * A container's bind mounts as one fstab file, mounted in order by a single
 * {@code mount -a -T FILE}: one process for them all instead of a mkdir and a mount per bind
 * (a process costs 3 to 4 ms of CPU here, and a pod start had a dozen binds). Directories
 * to mount on are created as {@code mkdir -p} did (X-mount.mkdir). The file is named by its
 * content, so the same binds share one file.
 */
final class BindTable {
    private static final Path DIR = RepoLayout.root().resolve("generator/target/bind-tables");

    private final StringBuilder lines = new StringBuilder();

    /** Directory {@code source} bound on {@code target} (made when missing). */
    BindTable bindDirectory(String source, String target) {
        return add(source, target, "bind,X-mount.mkdir");
    }

    /** File {@code source} bound on the existing file {@code target} (see {@link #ensureFile}). */
    BindTable bindFile(String source, String target) {
        return add(source, target, "bind");
    }

    /** {@code source} and the mounts under it bound on {@code target} (made when missing). */
    BindTable rbind(String source, String target) {
        return add(source, target, "rbind,X-mount.mkdir");
    }

    boolean isEmpty() {
        return lines.length() == 0;
    }

    /** The shell line that mounts every bind, in order; the file is written first. */
    String mountLine() {
        if (isEmpty()) {
            return "";
        }
        byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);
        Path file = DIR.resolve(digest(content) + ".fstab");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(DIR);
                Path partial = Files.createTempFile(DIR, "fstab", ".partial");
                Files.write(partial, content);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return "mount -a -T '" + file.toString().replace("'", "'\\''") + "'\n";
    }

    /** An empty file at {@code path} unless one is there, to bind a file on (in a shared image root). */
    static void ensureFile(Path path) {
        try {
            Files.createDirectories(path.getParent());
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            // there already (another JVM made it a moment ago, or the image has it)
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }

    private BindTable add(String source, String target, String options) {
        lines.append(escape(source)).append(' ').append(escape(target)).append(" none ").append(options).append(" 0 0\n");
        return this;
    }

    /** fstab's octal escapes for the characters that would split or end a field. */
    private static String escape(String path) {
        return path.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
