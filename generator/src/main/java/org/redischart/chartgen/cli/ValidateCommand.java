package org.redischart.chartgen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.redischart.chartgen.schema.ContradictionRules;
import org.redischart.chartgen.schema.GuaranteeRules;
import org.redischart.chartgen.schema.ValuesFileValidator;
import org.redischart.chartgen.sizing.ResourcesRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chartgen validate}: checks users' values files against the chart, as Helm would. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Merges values files over the chart's defaults as Helm does and validates them.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--values"}, required = true, paramLabel = "FILE",
            description = "A values file; repeat to merge several, later ones win.")
    List<Path> files;

    @Option(names = "--chart", defaultValue = "charts/redis", paramLabel = "DIR",
            description = "Chart whose values.yaml and values.schema.json apply (default: ${DEFAULT-VALUE}).")
    Path chart;

    @Override
    public Integer call() {
        List<String> problems = new ValuesFileValidator(List.of(new ResourcesRule(), new ResourcesRule("metrics.resources"),
                new ResourcesRule("haproxy.resources"), new ContradictionRules(), new GuaranteeRules())).validate(files, chart);
        if (problems.isEmpty()) {
            spec.commandLine().getOut().println("valid: " + String.join(", ", files.stream().map(Path::toString).toList()));
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(err::println);
        return ExitCodes.INVALID_INPUT;
    }
}
