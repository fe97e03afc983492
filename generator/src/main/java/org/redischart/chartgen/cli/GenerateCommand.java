package org.redischart.chartgen.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.redischart.chartgen.chart.ChartGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chartgen generate}: schema + templates → chart directory. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Validates the schema, renders the templates and writes the chart atomically; files already up to date are not rewritten.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--schema", defaultValue = "schema", paramLabel = "DIR",
            description = "Directory with values.schema.yaml and chart.yaml (default: ${DEFAULT-VALUE}).")
    Path schema;

    @Option(names = "--templates", defaultValue = "templates", paramLabel = "DIR",
            description = "Directory of Pebble templates (default: ${DEFAULT-VALUE}).")
    Path templates;

    @Option(names = "--out", defaultValue = "charts/redis", paramLabel = "DIR",
            description = "Chart directory to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--changelog", paramLabel = "FILE",
            description = "CHANGELOG.md whose section for the chart version becomes the artifacthub.io/changes annotation.")
    Path changelog;

    @Option(names = "--chart-version", required = true, paramLabel = "SEMVER",
            description = "Version of the chart (the Maven project version).")
    String chartVersion;

    @Override
    public Integer call() {
        ChartGenerator.Outcome outcome = new ChartGenerator().generateChart(schema, templates, changelog, out, chartVersion);
        spec.commandLine().getOut().println(outcome.written() == outcome.files()
                ? "wrote " + outcome.files() + " files to " + out
                : "wrote " + outcome.written() + " of " + outcome.files() + " files to " + out + " ("
                        + (outcome.files() - outcome.written()) + " unchanged, left as they were)");
        return ExitCodes.OK;
    }
}
