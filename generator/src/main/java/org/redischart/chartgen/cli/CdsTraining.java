package org.redischart.chartgen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run behind the AppCDS archive {@code make chart} writes next to the jar
 * ({@code generator/target/chartgen.jsa}, read by {@code bin/chartgen}): runs the commands a
 * user starts cold ({@code validate} of a good and a bad values file, {@code size}, and
 * {@code generate} when given a repository) in one JVM started with
 * {@code -XX:DumpLoadedClassList}; the build then dumps a static archive of those classes
 * ({@code -Xshare:dump}, pom.xml), JDK and picocli classes included. Writes only
 * to a temporary folder; prints one line. Not a chartgen command.
 *
 * <p>Arguments: none, or {@code <schema dir> <templates dir> <changelog> <chart version>}.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("chartgen-cds");
        try {
            Path good = Files.writeString(work.resolve("good.yaml"), "redis:\n  maxclients: 500\n");
            Path bad = Files.writeString(work.resolve("bad.yaml"), "redis:\n  maxclients: -1\n  unknown: 1\n");
            List<String[]> runs = new ArrayList<>();
            runs.add(new String[] {"validate", "-f", good.toString()});
            runs.add(new String[] {"validate", "-f", bad.toString()});
            runs.add(new String[] {"size", "--memory", "1Gi", "--cpu", "500m"});
            runs.add(new String[] {"--version"});
            if (args.length == 4) {
                runs.add(new String[] {"generate", "--schema", args[0], "--templates", args[1], "--changelog", args[2],
                    "--out", work.resolve("out/redis").toString(), "--chart-version", args[3]});
            }
            int commands = 0;
            for (String[] run : runs) {
                CommandLine commandLine = ChartgenCommand.commandLine();
                commandLine.setOut(new PrintWriter(new StringWriter()));
                commandLine.setErr(new PrintWriter(new StringWriter()));
                commandLine.execute(run);
                commands++;
            }
            System.out.println("chartgen: AppCDS training ran " + commands + " commands");
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (UncheckedIOException e) {
                // best effort: a temporary folder
            }
        }
    }
}
