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
 * this machine has; .ci/run enables the v2 memory and cpu controllers for children. With
 * {@link #create(long, long)} it also has a CPU quota (CFS quota per 100 ms period, as the
 * kubelet turns limits.cpu into one): on v1 a cgroup of the same name in the cpu hierarchy,
 * on v2 cpu.max of the same cgroup. Processes join it through {@link #wrap} before they exec,
 * so every byte they allocate and every CPU slice they use (and their forks') is charged to
 * it. Closing kills what is left in it and removes it.
 */
public final class MemoryCgroup implements AutoCloseable {
    private static final Path V1 = Path.of("/sys/fs/cgroup/memory");
    private static final Path V1_CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2 = Path.of("/sys/fs/cgroup");
    private static final long CFS_PERIOD_MICROS = 100_000;

    private final Path dir;
    private final boolean v2;
    /** The v1 cpu hierarchy's cgroup (v2: the same dir), or null without a CPU quota. */
    private Path cpuDir;

    private MemoryCgroup(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    /** A new cgroup limited to {@code limitBytes} of memory and no swap. */
    public static MemoryCgroup create(long limitBytes) {
        return create(limitBytes, 0);
    }

    /**
     * A new cgroup limited to {@code limitBytes} of memory (no swap) and, when
     * {@code cpuMillicores} is positive, that much CPU time (quota = millicores/1000 of each
     * 100 ms period, as the kubelet sets it); an OOM kill takes the whole group (v2
     * memory.oom.group, as the kubelet sets it).
     */
    public static MemoryCgroup create(long limitBytes, long cpuMillicores) {
        String name = "redischart-test-" + UUID.randomUUID().toString().substring(0, 8);
        long quota = cpuMillicores * CFS_PERIOD_MICROS / 1000;
        try {
            if (Files.isRegularFile(V1.resolve("memory.limit_in_bytes"))) {
                MemoryCgroup group = new MemoryCgroup(Files.createDirectory(V1.resolve(name)), false);
                group.write("memory.limit_in_bytes", Long.toString(limitBytes));
                group.write("memory.swappiness", "0");
                if (cpuMillicores > 0) {
                    group.cpuDir = Files.createDirectory(V1_CPU.resolve(name));
                    Files.writeString(group.cpuDir.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_MICROS));
                    Files.writeString(group.cpuDir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
                }
                return group;
            }
            String controllers = Files.readString(V2.resolve("cgroup.subtree_control"));
            if (!controllers.contains("memory") || cpuMillicores > 0 && !controllers.contains("cpu")) {
                throw new IllegalStateException("the cgroup v2 memory" + (cpuMillicores > 0 ? " and cpu controllers are" : " controller is")
                        + " not enabled for children of " + V2
                        + " (cgroup.subtree_control: \"" + controllers.strip() + "\"); .ci/run enables them");
            }
            MemoryCgroup group = new MemoryCgroup(Files.createDirectory(V2.resolve(name)), true);
            group.write("memory.max", Long.toString(limitBytes));
            if (Files.exists(group.dir.resolve("memory.swap.max"))) {
                group.write("memory.swap.max", "0");
            }
            if (Files.exists(group.dir.resolve("memory.oom.group"))) {
                group.write("memory.oom.group", "1");
            }
            if (cpuMillicores > 0) {
                group.cpuDir = group.dir;
                group.write("cpu.max", quota + " " + CFS_PERIOD_MICROS);
            }
            return group;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a memory cgroup (run as root with cgroup v1 memory or v2): "
                    + e.getMessage(), e);
        }
    }

    /** The command, made to join this cgroup first: {@code sh -c 'echo $$ > cgroup.procs && exec "$0" "$@"' cmd…}. */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", joinScript() + " && exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The shell commands that move the shell ($$) into this cgroup (both hierarchies on v1). */
    public String joinScript() {
        String join = "echo $$ > " + dir.resolve("cgroup.procs");
        return cpuDir == null || cpuDir.equals(dir) ? join : join + " && echo $$ > " + cpuDir.resolve("cgroup.procs");
    }

    /** CFS periods in which the group ran out of its CPU quota and waited (0 without a quota). */
    public long throttledPeriods() {
        if (cpuDir == null) {
            return 0;
        }
        try {
            return Files.readString(cpuDir.resolve("cpu.stat")).lines().map(l -> l.split(" "))
                    .filter(f -> f.length == 2 && f[0].equals("nr_throttled")).mapToLong(f -> Long.parseLong(f[1]))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            if (cpuDir != null) {
                Files.deleteIfExists(cpuDir);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot remove cgroup " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
