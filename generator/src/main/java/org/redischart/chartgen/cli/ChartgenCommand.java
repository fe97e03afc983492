package org.redischart.chartgen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code chartgen} entry point: generate the chart, validate values, size resources. */
@Command(name = "chartgen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generates the Redis Helm chart from its values schema, and checks values against it.",
        subcommands = {GenerateCommand.class, ValidateCommand.class, MigrateCommand.class, SizeCommand.class, PublishCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:invalid input (schema, template, values, quantity)",
            "2:usage error",
            "3:internal error"})
public final class ChartgenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** A command line with chartgen's error handling, for main and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new ChartgenCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
