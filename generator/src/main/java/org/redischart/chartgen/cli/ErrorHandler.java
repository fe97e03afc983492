package org.redischart.chartgen.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.redischart.chartgen.input.InvalidInputException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** Maps failures to exit codes and one-line messages; no stack trace reaches the user. */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof InvalidInputException invalid) {
            invalid.problems().forEach(err::println);
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof UncheckedIOException io && io.getCause() instanceof java.nio.file.NoSuchFileException missing) {
            // A file the user named (or a part of schema/ or templates/) is missing: their input to fix.
            err.println("chartgen: " + missing.getFile() + ": no such file");
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof UncheckedIOException io) {
            err.println("chartgen: " + io.getMessage());
            err.flush();
            return ExitCodes.INTERNAL;
        }
        err.println("chartgen: internal error: " + e + " (please report it)");
        err.flush();
        return ExitCodes.INTERNAL;
    }
}
