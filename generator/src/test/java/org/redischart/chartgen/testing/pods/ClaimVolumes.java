package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's persistent volume claims: directories that outlive the pod, each (when the pods
 * were made {@code withSmallClaims(bytes)}) an ext4 filesystem of that size in an image file,
 * loop-mounted at the directory, so a test can fill it as a full PersistentVolume. No blocks
 * are reserved for root: full means full for Redis too. {@link #close} unmounts and deletes
 * the images.
 */
final class ClaimVolumes implements AutoCloseable {
    private final Path dir;
    private final List<Path> mounted = new ArrayList<>();

    /** Claims live under {@code dir}/claim/NAME, images beside them. */
    ClaimVolumes(Path dir) {
        this.dir = dir;
    }

    Path path(String claim) {
        return dir.resolve("claim").resolve(claim);
    }

    /** Creates the claim's directory once; a filesystem of {@code bytes} mounted there when positive. */
    synchronized void prepare(String claim, long bytes) {
        Path path = path(claim);
        try {
            Files.createDirectories(path);
            if (bytes <= 0 || mounted.contains(path)) {
                return;
            }
            Path image = dir.resolve("claim-" + claim + ".ext4");
            Shell.run("truncate", "-s", Long.toString(bytes), image.toString());
            Shell.run("mkfs.ext4", "-q", "-F", "-m", "0", image.toString());
            Shell.run("mount", "-o", "loop", image.toString(), path.toString());
            mounted.add(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create claim " + path, e);
        }
    }

    /** Fills the claim's filesystem to the last block (as root), as a PersistentVolume that ran full. */
    void fill(String claim) {
        Path filler = path(claim).resolve("filler");
        // dd stops with "No space left on device": the exit code says nothing here.
        Shell.tryRun(Duration.ofMinutes(1), "dd", "if=/dev/zero", "of=" + filler, "bs=64k");
        Shell.tryRun(Duration.ofMinutes(1), "sync", "-f", path(claim).toString());
    }

    /** Frees what {@link #fill} took. */
    void free(String claim) {
        try {
            Files.deleteIfExists(path(claim).resolve("filler"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot free claim " + claim, e);
        }
    }

    /** Free bytes on the claim's filesystem, as `df` reports them to its user. */
    long freeBytes(String claim) {
        try {
            return Files.getFileStore(path(claim)).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat claim " + claim, e);
        }
    }

    @Override
    public synchronized void close() {
        for (Path path : mounted) {
            // Lazy: a process that escaped the kill would otherwise keep the mount (and the test) busy.
            Shell.tryRun(Duration.ofSeconds(20), "umount", "-l", path.toString());
        }
        mounted.clear();
        try (var images = Files.list(dir)) {
            for (Path image : images.filter(p -> p.getFileName().toString().endsWith(".ext4")).toList()) {
                Files.deleteIfExists(image);
            }
        } catch (IOException e) {
            // best effort: the pod root is deleted after this anyway
        }
    }
}
