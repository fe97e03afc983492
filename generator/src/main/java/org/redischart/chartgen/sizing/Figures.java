package org.redischart.chartgen.sizing;

/** A CPU and a memory figure together: what Redis requires, or a container's requests or limits. */
public record Figures(CpuQuantity cpu, MemoryQuantity memory) {
    public static Figures of(String cpu, String memory) {
        return new Figures(CpuQuantity.parse("cpu", cpu), MemoryQuantity.parse("memory", memory));
    }
}
