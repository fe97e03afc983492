package org.redischart.chartgen.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.redischart.chartgen.cli.ChartgenCommand;
import picocli.CommandLine;

/** Runs chartgen in-process as a user would, capturing what it prints. */
public final class Cli {
    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = ChartgenCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Exit code and the two output streams. */
    public record Result(int exitCode, String out, String err) {
    }
}
