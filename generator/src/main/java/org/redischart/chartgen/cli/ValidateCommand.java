package org.redischart.chartgen.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.redischart.chartgen.schema.ChartFiles;
import org.redischart.chartgen.schema.GuaranteeRules;
import org.redischart.chartgen.schema.RuleBook;
import org.redischart.chartgen.schema.ValuesRule;
import org.redischart.chartgen.schema.ValuesFileValidator;
import org.redischart.chartgen.sizing.PresetTable;
import org.redischart.chartgen.sizing.ResourceBoundsRule;
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
    static final String SIZING_TPL = "templates/_sizing.tpl";
    static final String VALIDATE_TPL = "templates/_validate.tpl";

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--values"}, required = true, paramLabel = "FILE",
            description = "A values file, or - for standard input; repeat to merge several, later ones win.")
    List<String> files;

    @Option(names = "--chart", paramLabel = "DIR|TGZ",
            description = "Chart whose values.yaml and values.schema.json apply: a directory or a packaged .tgz "
                    + "(default: the chart built into this chartgen).")
    String chart;

    /** Standard input, for {@code -f -}; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        ChartFiles chartFiles = ChartSource.open(chart);
        List<String> problems = new ValuesFileValidator(rules(chartFiles), stdin).validate(files, chartFiles);
        if (problems.isEmpty()) {
            spec.commandLine().getOut().println("valid: " + String.join(", ",
                    files.stream().map(f -> ValuesFileValidator.STDIN.equals(f) ? "<stdin>" : f).toList()));
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(err::println);
        return ExitCodes.INVALID_INPUT;
    }

    /** Every rule validate adds to the schema, with the preset table and the declared rules the chart carries. */
    public static List<ValuesRule> rules(ChartFiles chartFiles) {
        PresetTable presets = PresetTable.fromChart(chartFiles.name(SIZING_TPL),
                new String(chartFiles.read(SIZING_TPL), StandardCharsets.UTF_8));
        RuleBook declared = RuleBook.fromChart(chartFiles.name(VALIDATE_TPL),
                new String(chartFiles.read(VALIDATE_TPL), StandardCharsets.UTF_8));
        return List.of(declared, new ResourcesRule(presets), new ResourcesRule("metrics.resources", presets,
                        values -> values.at("/metrics/enabled").asBoolean()),
                new ResourcesRule("backup.resources", presets, values -> values.at("/backup/enabled").asBoolean()
                        && !"cluster".equals(values.at("/architecture").asText())),
                new ResourcesRule("haproxy.resources", presets, values -> "sentinel".equals(values.at("/architecture").asText())
                        && values.at("/haproxy/enabled").asBoolean()),
                new ResourceBoundsRule("sentinel.resources", values -> "sentinel".equals(values.at("/architecture").asText())),
                new GuaranteeRules(declared.ownedDirectives(), declared.engineOnlyDirectives()));
    }
}
