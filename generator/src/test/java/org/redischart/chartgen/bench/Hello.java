package org.redischart.chartgen.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The reference for chartgen's cold start: the smallest useful picocli program (one command,
 * one option, help and version), started the same way with the same JVM flags.
 */
@Command(name = "hello", mixinStandardHelpOptions = true, version = "hello 1",
        description = "Greets; exists to measure how fast a picocli program starts.")
public final class Hello implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "world", description = "Who to greet.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("hello " + name);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Hello()).execute(args));
    }
}
