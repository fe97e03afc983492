package org.redischart.chartgen.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.chart.ChartGenerator;
import picocli.CommandLine;

/**
 * Figure 1: {@code chartgen generate} warm in this JVM, and cold as a fresh {@code java -jar}
 * process next to a trivial picocli program started the same way.
 */
final class GeneratorBench {
    private static final double WARM_TARGET_MILLIS = 50;
    private static final double COLD_TARGET_RATIO = 2.0;
    /** Generated with the changelog, as {@code make chart} does. */
    private static final String CHANGELOG = "CHANGELOG.md";

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
            table.failed("generate, cold `java -jar chartgen.jar`", Target.ratioAtMost(COLD_TARGET_RATIO),
                    e.getMessage());
        }
    }

    /**
     * {@code generate} (what the command does) alternating with {@code render} (the same
     * without writing the chart), so the table shows how much of it is the disk.
     */
    private void warm(Table table) {
        Path schema = settings.root().resolve("schema");
        Path templates = settings.root().resolve("templates");
        Path changelog = settings.root().resolve(CHANGELOG);
        Path out = work.resolve("warm/redis");
        int files = 0;
        List<Double> generateTimes = new ArrayList<>();
        List<Double> renderTimes = new ArrayList<>();
        for (int i = 0; i < settings.generateWarmup() + settings.generateRuns(); i++) {
            long start = System.nanoTime();
            files = new ChartGenerator().generate(schema, templates, changelog, out, settings.chartVersion());
            double generateMillis = Samples.millisSince(start);
            start = System.nanoTime();
            new ChartGenerator().render(schema, templates, changelog, settings.chartVersion());
            double renderMillis = Samples.millisSince(start);
            if (i >= settings.generateWarmup()) {
                generateTimes.add(generateMillis);
                renderTimes.add(renderMillis);
            }
        }
        table.time("generate, in-process warm", new Samples(generateTimes), Target.atMostMillis(WARM_TARGET_MILLIS),
                null, null, files + " files written (atomic swap)");
        table.time("generate without writing, in-process warm", new Samples(renderTimes), Target.none(),
                null, null, "`ChartGenerator.render`: schema, model, templates");
    }

    /** Alternates the two programs so a burst of load on the machine hits both alike. */
    private void cold(Table table) {
        Path jar = settings.root().resolve("generator/target/chartgen.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run make chart first");
        }
        List<String> chartgen = javaCommand();
        chartgen.addAll(List.of("-jar", jar.toString(), "generate", "--schema", "schema", "--templates", "templates",
                "--changelog", CHANGELOG, "--out", work.resolve("cold/redis").toString(),
                "--chart-version", settings.chartVersion()));
        List<String> hello = javaCommand();
        hello.addAll(List.of("-cp", codeSource(Hello.class) + File.pathSeparator + codeSource(CommandLine.class),
                Hello.class.getName(), "--name", "bench"));

        List<Double> chartgenTimes = new ArrayList<>();
        List<Double> helloTimes = new ArrayList<>();
        int total = settings.coldWarmup() + settings.coldPairs();
        for (int i = 0; i < total; i++) {
            boolean record = i >= settings.coldWarmup();
            boolean chartgenFirst = i % 2 == 0;
            timeOnce(chartgenFirst ? chartgen : hello, record, chartgenFirst ? chartgenTimes : helloTimes);
            timeOnce(chartgenFirst ? hello : chartgen, record, chartgenFirst ? helloTimes : chartgenTimes);
        }
        Samples reference = new Samples(helloTimes);
        table.time("hello picocli, cold JVM (reference)", reference, Target.none(), null, null,
                "`java -cp <test-classes:picocli.jar> …bench.Hello`");
        table.time("generate, cold `java -jar chartgen.jar`", new Samples(chartgenTimes),
                Target.ratioAtMost(COLD_TARGET_RATIO), "hello", reference, "process start to exit");
        table.note("Cold figures: chartgen and hello alternate in one loop (" + settings.coldPairs()
                + " measured pairs after " + settings.coldWarmup() + " warm-up), the same `java` (" + javaBinary() + ") and flags "
                + (settings.childJvmFlags().isEmpty() ? "(none)" : String.join(" ", settings.childJvmFlags()))
                + ".");
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
