package org.redischart.chartgen.sizing;

import java.util.Optional;

/** A CPU and a memory figure, either of which the user may leave unset. */
public record PartialFigures(Optional<CpuQuantity> cpu, Optional<MemoryQuantity> memory) {
    public static final PartialFigures UNSET = new PartialFigures(Optional.empty(), Optional.empty());

    /** Each set figure replaces the fallback's. */
    public Figures over(Figures fallback) {
        return new Figures(cpu.orElse(fallback.cpu()), memory.orElse(fallback.memory()));
    }
}
