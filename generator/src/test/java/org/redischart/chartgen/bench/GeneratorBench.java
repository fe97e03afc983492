package org.redischart.chartgen.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.chart.ChartGenerator;
import picocli.CommandLine;

/**
 * Figure 1: {@code chartgen generate} warm in this JVM, and {@code validate} and
 * {@code generate} cold as fresh processes ({@code java -jar} and {@code bin/chartgen}) next to
 * a trivial picocli program.
 */
final class GeneratorBench {
    private static final double WARM_TARGET_MILLIS = 50;
    private static final double COLD_TARGET_RATIO = 2.0;
    /** Generated with the changelog, as {@code make chart} does. */
    private static final String CHANGELOG = "CHANGELOG.md";
    private static final String HELLO = "hello";
    private static final String HELLO_FAST = "hello, launcher flags";
    private static final String JAR_VALIDATE = "validate, java -jar";
    private static final String LAUNCHER_VALIDATE = "validate, bin/chartgen";
    private static final String JAR_GENERATE = "generate, java -jar";
    private static final String LAUNCHER_GENERATE = "generate, bin/chartgen";

    private final Settings settings;
    private final Processes processes;
    private final Path work;

    GeneratorBench(Settings settings, Processes processes, Path work) {
        this.settings = settings;
        this.processes = processes;
        this.work = work;
    }

    void run(Table table) {
        try {
            warm(table);
        } catch (RuntimeException e) {
            table.failed("generate, in-process warm", Target.atMostMillis(WARM_TARGET_MILLIS), e.getMessage());
        }
        try {
            cold(table);
        } catch (RuntimeException e) {
            table.failed("validate -f small.yaml, cold `bin/chartgen`", Target.ratioAtMost(COLD_TARGET_RATIO),
                    e.getMessage());
        }
    }

    /**
     * {@code generate} (what the command does, over the chart it wrote before) alternating with
     * {@code render} (the same without writing the chart) and a generate into a new directory
     * (every file written), so the table shows how much of it is the disk.
     */
    private void warm(Table table) {
        Path schema = settings.root().resolve("schema");
        Path templates = settings.root().resolve("templates");
        Path changelog = settings.root().resolve(CHANGELOG);
        Path out = work.resolve("warm/redis");
        int files = 0;
        List<Double> generateTimes = new ArrayList<>();
        List<Double> renderTimes = new ArrayList<>();
        List<Double> freshTimes = new ArrayList<>();
        for (int i = 0; i < settings.generateWarmup() + settings.generateRuns(); i++) {
            long start = System.nanoTime();
            files = new ChartGenerator().generate(schema, templates, changelog, out, settings.chartVersion());
            double generateMillis = Samples.millisSince(start);
            start = System.nanoTime();
            new ChartGenerator().render(schema, templates, changelog, settings.chartVersion());
            double renderMillis = Samples.millisSince(start);
            start = System.nanoTime();
            new ChartGenerator().generate(schema, templates, changelog, work.resolve("fresh-" + i + "/redis"),
                    settings.chartVersion());
            double freshMillis = Samples.millisSince(start);
            if (i >= settings.generateWarmup()) {
                generateTimes.add(generateMillis);
                renderTimes.add(renderMillis);
                freshTimes.add(freshMillis);
            }
        }
        table.time("generate, in-process warm", new Samples(generateTimes), Target.atMostMillis(WARM_TARGET_MILLIS),
                null, null, files + " files, compared with the chart already there: unchanged files are not rewritten (between runs none changes)");
        table.time("generate into a new directory (every file written), in-process warm", new Samples(freshTimes),
                Target.none(), null, null, "what a first `make chart` in a clone does");
        table.time("generate without writing, in-process warm", new Samples(renderTimes), Target.none(),
                null, null, "`ChartGenerator.render`: schema, model, templates");
    }

    /**
     * The cold programs go round-robin (one of each per round, the starting one rotating), so
     * a burst of load on the machine hits them alike: the trivial picocli program (the
     * reference), {@code chartgen validate -f bench/cli/small.yaml} and {@code generate}, each
     * through {@code java -jar} and through {@code bin/chartgen} (the AppCDS archive
     * {@code make chart} wrote, C1 only, serial GC).
     */
    private void cold(Table table) {
        Path jar = settings.root().resolve("generator/target/chartgen.jar");
        Path launcher = settings.root().resolve("bin/chartgen");
        Path archive = settings.root().resolve("generator/target/chartgen.jsa");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run make chart first");
        }
        String small = settings.scenarios().resolve("cli/small.yaml").toString();
        List<String> generateArgs = List.of("generate", "--schema", "schema", "--templates", "templates",
                "--changelog", CHANGELOG, "--out", work.resolve("cold/redis").toString(),
                "--chart-version", settings.chartVersion());
        List<String> hello = javaCommand();
        hello.addAll(List.of("-cp", codeSource(Hello.class) + File.pathSeparator + codeSource(CommandLine.class),
                Hello.class.getName(), "--name", "bench"));
        Map<String, List<String>> programs = new LinkedHashMap<>();
        programs.put(HELLO, hello);
        programs.put(JAR_VALIDATE, jarCommand(jar, List.of("validate", "-f", small)));
        programs.put(LAUNCHER_VALIDATE, launcherCommand(launcher, List.of("validate", "-f", small)));
        programs.put(JAR_GENERATE, jarCommand(jar, generateArgs));
        programs.put(LAUNCHER_GENERATE, launcherCommand(launcher, generateArgs));
        List<String> helloFast = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:-UsePerfData"));
        helloFast.addAll(settings.childJvmFlags());
        helloFast.addAll(hello.subList(1 + settings.childJvmFlags().size(), hello.size()));
        programs.put(HELLO_FAST, helloFast);

        Map<String, List<Double>> times = new LinkedHashMap<>();
        programs.keySet().forEach(name -> times.put(name, new ArrayList<>()));
        List<String> names = new ArrayList<>(programs.keySet());
        int total = settings.coldWarmup() + settings.coldPairs();
        for (int round = 0; round < total; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size());
                timeOnce(programs.get(name), round >= settings.coldWarmup(), times.get(name));
            }
        }
        Samples reference = new Samples(times.get(HELLO));
        table.time("hello picocli, cold JVM (reference)", reference, Target.none(), null, null,
                "`java -cp <test-classes:picocli.jar> …bench.Hello`");
        table.time("hello picocli, cold JVM with bin/chartgen's flags", new Samples(times.get(HELLO_FAST)), Target.none(),
                "hello", reference, "C1 only, serial GC, the JDK's own CDS archive (no AppCDS archive of hello's classes)");
        table.time("validate -f small.yaml, cold `java -jar chartgen.jar`", new Samples(times.get(JAR_VALIDATE)),
                Target.none(), "hello", reference, "process start to exit");
        table.time("validate -f small.yaml, cold `bin/chartgen`", new Samples(times.get(LAUNCHER_VALIDATE)),
                Target.ratioAtMost(COLD_TARGET_RATIO), "hello", reference,
                Files.isRegularFile(archive) ? "AppCDS archive " + archive.getFileName() : "NO archive: run make chart");
        table.time("generate, cold `java -jar chartgen.jar`", new Samples(times.get(JAR_GENERATE)), Target.none(),
                "hello", reference, "process start to exit");
        table.time("generate, cold `bin/chartgen`", new Samples(times.get(LAUNCHER_GENERATE)), Target.none(),
                "hello", reference, "process start to exit");
        table.note("Cold figures: " + programs.size() + " programs round-robin (" + settings.coldPairs()
                + " measured rounds after " + settings.coldWarmup() + " warm-up), the same `java` (" + javaBinary()
                + "), extra flags " + (settings.childJvmFlags().isEmpty() ? "(none)" : String.join(" ", settings.childJvmFlags()))
                + "; bin/chartgen adds -XX:TieredStopAtLevel=1 -XX:+UseSerialGC and the AppCDS archive.");
    }

    private List<String> jarCommand(Path jar, List<String> args) {
        List<String> command = javaCommand();
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return command;
    }

    /** bin/chartgen with the bench's java (JAVA_HOME) and flags are not passed: the launcher picks its own. */
    private static List<String> launcherCommand(Path launcher, List<String> args) {
        List<String> command = new ArrayList<>(List.of("env", "JAVA_HOME=" + System.getProperty("java.home"),
                launcher.toString()));
        command.addAll(args);
        return command;
    }

    private void timeOnce(List<String> command, boolean record, List<Double> into) {
        long start = System.nanoTime();
        processes.run(command, settings.root(), 120);
        double millis = Samples.millisSince(start);
        if (record) {
            into.add(millis);
        }
    }

    private List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(settings.childJvmFlags());
        return command;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }
}
