package org.redischart.chartgen.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.sizing.Alpha;
import org.redischart.chartgen.sizing.CpuQuantity;
import org.redischart.chartgen.sizing.Figures;
import org.redischart.chartgen.sizing.MarginModel;
import org.redischart.chartgen.sizing.MemoryQuantity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chartgen size}: requests, limits and maxmemory for what Redis requires and a margin α. */
@Command(name = "size", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints Kubernetes requests/limits and Redis maxmemory from the α margin model, how each was"
                + " derived, and the chart values that give them.")
public final class SizeCommand implements Callable<Integer> {
    enum Format { yaml, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--memory", defaultValue = "256Mi", description = "Memory Redis requires (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cpu", defaultValue = "250m", description = "CPU Redis requires (default: ${DEFAULT-VALUE}).")
    String cpu;

    @Option(names = "--alpha", defaultValue = "0.5", description = "Margin share in [0, 1), at most 4 decimals (default: ${DEFAULT-VALUE}).")
    String alpha;

    @Option(names = "--cpu-alpha", description = "Margin share for CPU only; overrides --alpha.")
    String cpuAlpha;

    @Option(names = "--memory-alpha", description = "Margin share for memory only; overrides --alpha.")
    String memoryAlpha;

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE}).")
    Format output;

    @Override
    public Integer call() throws JsonProcessingException {
        List<String> problems = new ArrayList<>();
        Optional<CpuQuantity> requiredCpu = parse(problems, "--cpu", cpu, CpuQuantity::parse);
        // A bare number is bytes for Kubernetes; nobody sizing Redis means 100 bytes, so ask for a unit.
        boolean bare = memory.matches("[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]{1,2})?");
        Optional<MemoryQuantity> requiredMemory = bare ? Optional.empty()
                : parse(problems, "--memory", memory, MemoryQuantity::parse);
        if (bare) {
            problems.add("--memory: expected a quantity with a unit (Ki, Mi, Gi, Ti, k, M, G, T) such as 256Mi, found \""
                    + memory + "\" (a bare number would mean bytes; write " + memory + "Mi for mebibytes)");
        }
        Optional<Alpha> both = parse(problems, "--alpha", alpha, Alpha::parse);
        Optional<Alpha> forCpu = cpuAlpha == null ? both : parse(problems, "--cpu-alpha", cpuAlpha, Alpha::parse);
        Optional<Alpha> forMemory = memoryAlpha == null ? both : parse(problems, "--memory-alpha", memoryAlpha, Alpha::parse);
        if (!problems.isEmpty()) {
            spec.commandLine().getErr().println("chartgen size: " + String.join("; ", problems));
            return ExitCodes.INVALID_INPUT;
        }
        Figures required = new Figures(requiredCpu.orElseThrow(), requiredMemory.orElseThrow());
        var resources = new MarginModel(forCpu.orElseThrow(), forMemory.orElseThrow()).apply(required);
        spec.commandLine().getOut().print(output == Format.json ? json(resources.toMap())
                : new SizeReport(required, forCpu.orElseThrow(), forMemory.orElseThrow(), resources).yaml());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private static String json(Map<String, Object> resources) throws JsonProcessingException {
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(resources) + "\n";
    }

    private static <T> Optional<T> parse(List<String> problems, String option, String text,
            BiFunction<String, Object, T> parser) {
        try {
            return Optional.of(parser.apply(option, text));
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }
}
