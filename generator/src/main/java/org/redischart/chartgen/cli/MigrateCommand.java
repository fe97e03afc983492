package org.redischart.chartgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.redischart.chartgen.chart.TextFileWriter;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.YamlReader;
import org.redischart.chartgen.migrate.BitnamiInput;
import org.redischart.chartgen.migrate.BitnamiRules;
import org.redischart.chartgen.migrate.ConfTargets;
import org.redischart.chartgen.migrate.Input;
import org.redischart.chartgen.migrate.Migration;
import org.redischart.chartgen.migrate.MigrationWriter;
import org.redischart.chartgen.migrate.Migrator;
import org.redischart.chartgen.migrate.SchemaPaths;
import org.redischart.chartgen.schema.ChartFiles;
import org.redischart.chartgen.schema.Directives;
import org.redischart.chartgen.schema.RuleBook;
import org.redischart.chartgen.schema.ValuesFileValidator;
import org.redischart.chartgen.sizing.PresetTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chartgen migrate}: another chart's values → this chart's values, checked by validate. */
@Command(name = "migrate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Converts a bitnami/redis or bitnami/valkey values file into values of this chart, each value commented with its "
                + "bitnami source. What has no equivalent is listed on standard error and in a comment block, with a "
                + "suggestion. The result is validated as `chartgen validate` does; nothing is written when it fails."})
public final class MigrateCommand implements Callable<Integer> {
    /** The charts whose values migrate knows. */
    enum From { bitnami }

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "CHART", description = "The chart the values are for: ${COMPLETION-CANDIDATES}.")
    From from;

    @Option(names = {"-f", "--values"}, required = true, paramLabel = "FILE", description = "The bitnami/redis or bitnami/valkey values file.")
    Path values;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write this chart's values (default: standard output).")
    Path output;

    @Option(names = "--chart", paramLabel = "DIR|TGZ",
            description = "Chart whose values the output is for: a directory or a packaged .tgz (default: the chart built into this chartgen).")
    String chart;

    @Override
    public Integer call() {
        ChartFiles chartFiles = ChartSource.open(chart);
        Set<String> defaulted = new HashSet<>();
        Input input = BitnamiInput.of(values.toString(), new YamlReader().read(values), defaulted);
        SchemaPaths paths = new SchemaPaths(schema(chartFiles));
        Directives directives = RuleBook.fromChart(chartFiles.name(ValidateCommand.VALIDATE_TPL),
                new String(chartFiles.read(ValidateCommand.VALIDATE_TPL), StandardCharsets.UTF_8)).directives();
        Migration migration = new Migrator(BitnamiRules.all(ConfTargets.of(directives, paths)), paths::has)
                .migrate(input, defaulted);
        String text = new MigrationWriter(paths.topLevel()).write(migration, values.getFileName().toString());
        List<String> problems = new ValuesFileValidator(ValidateCommand.rules(chartFiles))
                .validate(text.getBytes(StandardCharsets.UTF_8), chartFiles);
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add(values + ": the converted values do not validate (nothing written); change these bitnami values:");
            problems.forEach(p -> lines.add("  " + p.replace("<stdin>", "converted")));
            throw new InvalidInputException(lines);
        }
        PrintWriter err = spec.commandLine().getErr();
        migration.notes().forEach(n -> err.println("not carried: " + n));
        err.println("mapped " + migration.values().size() + " values, " + migration.notes().size()
                + " not carried (listed above and in the output's last comment block)");
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            new TextFileWriter().write(output, text);
            err.println("wrote " + output);
        }
        err.flush();
        return ExitCodes.OK;
    }

    private static JsonNode schema(ChartFiles chart) {
        try {
            return new ObjectMapper().readTree(chart.read(ValuesFileValidator.CHART_SCHEMA));
        } catch (IOException e) {
            throw new InvalidInputException(chart.name(ValuesFileValidator.CHART_SCHEMA) + ": cannot read: " + e.getMessage());
        }
    }
}
