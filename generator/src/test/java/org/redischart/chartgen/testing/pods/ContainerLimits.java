package org.redischart.chartgen.testing.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.sizing.CpuQuantity;
import org.redischart.chartgen.sizing.MemoryQuantity;
import org.redischart.chartgen.testing.MemoryCgroup;

/**
 * The cgroups of one pod's containers, as the kubelet makes them from the rendered
 * {@code resources.limits}: a CPU quota and a memory limit each. Every process of a container
 * (its main process, exec probes, preStop hooks) joins its container's cgroup before it enters
 * the pod's network namespace, because {@code ip netns exec} mounts a fresh /sys without the
 * cgroup hierarchies. Off (no cgroup, no prefix) unless the pods were made {@code withLimits()};
 * a container without limits gets none either.
 */
final class ContainerLimits implements AutoCloseable {
    private final boolean enabled;
    private final Map<String, MemoryCgroup> groups = new LinkedHashMap<>();

    ContainerLimits(boolean enabled) {
        this.enabled = enabled;
    }

    /** The command prefix that moves a process into {@code container}'s cgroup, empty when unlimited. */
    synchronized List<String> join(String container, JsonNode spec) {
        MemoryCgroup group = group(container, spec);
        return group == null ? List.of() : List.of("sh", "-c", group.joinScript() + " && exec \"$0\" \"$@\"");
    }

    /** OOM kills so far in the container's cgroup (0 without limits). */
    synchronized long oomKills(String container) {
        MemoryCgroup group = groups.get(container);
        return group == null ? 0 : group.oomKills();
    }

    /** CFS periods in which the container waited for CPU beyond its quota (0 without limits). */
    synchronized long throttledPeriods(String container) {
        MemoryCgroup group = groups.get(container);
        return group == null ? 0 : group.throttledPeriods();
    }

    private MemoryCgroup group(String container, JsonNode spec) {
        if (!enabled) {
            return null;
        }
        MemoryCgroup known = groups.get(container);
        if (known != null) {
            return known;
        }
        JsonNode limits = spec.path("resources").path("limits");
        if (!limits.has("memory") && !limits.has("cpu")) {
            return null;
        }
        long memory = limits.has("memory")
                ? MemoryQuantity.parse("resources.limits.memory", limits.path("memory").asText()).mebibytes() * 1024 * 1024
                : Long.MAX_VALUE / 2;
        long cpu = limits.has("cpu") ? CpuQuantity.parse("resources.limits.cpu", limits.path("cpu").asText()).millicores() : 0;
        MemoryCgroup group = MemoryCgroup.create(memory, cpu);
        groups.put(container, group);
        return group;
    }

    @Override
    public synchronized void close() {
        groups.values().forEach(MemoryCgroup::close);
        groups.clear();
    }
}
