package org.redischart.chartgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A memory cgroup of its own with a hard limit, as the kubelet gives a container: cgroup v1
 * (/sys/fs/cgroup/memory) or v2 (the memory controller of the unified hierarchy), whichever
 * this machine has; .ci/run enables the v2 memory controller for children. Processes join it
 * through {@link #wrap} before they exec, so every byte they allocate (and their forks) is
 * charged to it. Closing kills what is left in it and removes it.
 */
public final class MemoryCgroup implements AutoCloseable {
    private static final Path V1 = Path.of("/sys/fs/cgroup/memory");
    private static final Path V2 = Path.of("/sys/fs/cgroup");

    private final Path dir;
    private final boolean v2;

    private MemoryCgroup(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    /** A new cgroup limited to {@code limitBytes} of memory and no swap. */
    public static MemoryCgroup create(long limitBytes) {
        String name = "redischart-test-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            if (Files.isRegularFile(V1.resolve("memory.limit_in_bytes"))) {
                MemoryCgroup group = new MemoryCgroup(Files.createDirectory(V1.resolve(name)), false);
                group.write("memory.limit_in_bytes", Long.toString(limitBytes));
                group.write("memory.swappiness", "0");
                return group;
            }
            String controllers = Files.readString(V2.resolve("cgroup.subtree_control"));
            if (!controllers.contains("memory")) {
                throw new IllegalStateException("the cgroup v2 memory controller is not enabled for children of " + V2
                        + " (cgroup.subtree_control: \"" + controllers.strip() + "\"); .ci/run enables it");
            }
            MemoryCgroup group = new MemoryCgroup(Files.createDirectory(V2.resolve(name)), true);
            group.write("memory.max", Long.toString(limitBytes));
            if (Files.exists(group.dir.resolve("memory.swap.max"))) {
                group.write("memory.swap.max", "0");
            }
            return group;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a memory cgroup (run as root with cgroup v1 memory or v2): "
                    + e.getMessage(), e);
        }
    }

    /** The command, made to join this cgroup first: {@code sh -c 'echo $$ > cgroup.procs && exec "$0" "$@"' cmd…}. */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                "echo $$ > " + dir.resolve("cgroup.procs") + " && exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Times the kernel's OOM killer killed a process of this cgroup. */
    public long oomKills() {
        return counter(v2 ? "memory.events" : "memory.oom_control", "oom_kill");
    }

    /** Peak memory charged to the cgroup (RSS, page cache of its files, kernel memory), when the kernel records it. */
    public Optional<Long> peakBytes() {
        String file = v2 ? "memory.peak" : "memory.max_usage_in_bytes";
        return Files.exists(dir.resolve(file)) ? Optional.of(Long.parseLong(read(file).strip())) : Optional.empty();
    }

    /** Times an allocation hit the limit and forced reclaim (v1 failcnt, v2 "max" events). */
    public long limitHits() {
        return v2 ? counter("memory.events", "max") : Long.parseLong(read("memory.failcnt").strip());
    }

    public String version() {
        return v2 ? "cgroup v2" : "cgroup v1";
    }

    private long counter(String file, String key) {
        return read(file).lines().map(l -> l.split(" ")).filter(f -> f.length == 2 && f[0].equals(key))
                .mapToLong(f -> Long.parseLong(f[1])).findFirst().orElse(0);
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String file, String value) throws IOException {
        Files.writeString(dir.resolve(file), value);
    }

    @Override
    public void close() {
        try {
            for (String pid : read("cgroup.procs").split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            for (int i = 0; i < 50 && !read("cgroup.procs").isBlank(); i++) {
                Thread.sleep(100);
            }
            Files.deleteIfExists(dir);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot remove cgroup " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
