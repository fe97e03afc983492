package org.redischart.chartgen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.cli.ValidateCommand;
import org.redischart.chartgen.schema.ChartFiles;
import org.redischart.chartgen.schema.ValuesFileValidator;
import org.redischart.chartgen.sizing.PresetTable;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.UmbrellaBatches;

/**
 * The values contract, differentially: thousands of values files derived from
 * values.schema.json (valid values, then one mutation each: null, wrong type, out of range,
 * unknown key, odd quantity, cross-field combination, headroom, YAML 1.1 spelling, special
 * float). For each: {@code chartgen validate} accepts ⇔ real Helm renders ⇔ the render is sane
 * ({@link RenderSanity}). Renders are batched through an umbrella chart in this JVM.
 * -Dcontract.seed=N reproduces a run, -Dcontract.cases=N changes the count: {@code make test}
 * runs 1,500 files with a new seed each time, {@code make fuzz} the full 5,000.
 */
class ValuesContractTest {
    private static final long SEED = Long.getLong("contract.seed", System.nanoTime() % 1_000_000_000L);
    private static final int CASES = Integer.getInteger("contract.cases", 1500);
    private static final int ACCEPTED_BATCH = 8;
    private static final int REFUSED_BATCH = 40;

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    private record Verdict(ValuesCases.Case c, List<String> validate, UmbrellaBatches.Outcome helm, List<String> insane) {
        boolean accepted() {
            return validate.isEmpty();
        }

        /** Null when validate, Helm and the render agree; else what disagrees. */
        String disagreement() {
            if (accepted() && !helm.rendered()) {
                return "validate accepts, Helm refuses";
            }
            if (!accepted() && helm.rendered()) {
                return "validate refuses, Helm renders";
            }
            if (helm.rendered() && !insane.isEmpty()) {
                return "accepted by both, render not sane: " + insane.get(0).replaceAll("[0-9]+", "N")
                        .replaceAll("\"[^\"]*\"", "\"…\"").replaceAll(":.*", "");
            }
            return null;
        }
    }

    @Test
    void validateAcceptsExactlyWhatHelmRendersSanely() throws IOException {
        System.out.printf("ValuesContractTest: seed %d (-Dcontract.seed=%d), %d cases%n", SEED, SEED, CASES);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        Path chart = RepoLayout.chart();
        JsonNode schema = new ObjectMapper().readTree(chart.resolve("values.schema.json").toFile());
        List<ValuesCases.Case> cases = new ValuesCases(schema, new Random(SEED)).generate(CASES);

        ChartFiles chartFiles = ChartFiles.directory(chart);
        ValuesFileValidator validator = new ValuesFileValidator(ValidateCommand.rules(chartFiles));
        Map<Integer, List<String>> validated = new HashMap<>();
        for (ValuesCases.Case c : cases) {
            validated.put(c.id(), validator.validate(c.yaml().getBytes(StandardCharsets.UTF_8), chartFiles));
        }
        long validatedAt = System.nanoTime();

        // Refused for what the YAML says (special floats...): Helm cannot read the whole file, so one by one.
        List<ValuesCases.Case> accepted = cases.stream().filter(c -> validated.get(c.id()).isEmpty()).toList();
        List<ValuesCases.Case> unreadable = cases.stream().filter(c -> !validated.get(c.id()).isEmpty()
                && !validated.get(c.id()).get(0).matches("<stdin>(:\\d+:\\d+)?: \\..*")).toList();
        List<ValuesCases.Case> refused = cases.stream().filter(c -> !validated.get(c.id()).isEmpty()
                && !unreadable.contains(c)).toList();
        List<Function<UmbrellaBatches, Map<Integer, UmbrellaBatches.Outcome>>> jobs = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i += ACCEPTED_BATCH) {
            List<ValuesCases.Case> batch = accepted.subList(i, Math.min(accepted.size(), i + ACCEPTED_BATCH));
            jobs.add(helm -> helm.render(batch));
        }
        for (int i = 0; i < refused.size(); i += REFUSED_BATCH) {
            List<ValuesCases.Case> batch = refused.subList(i, Math.min(refused.size(), i + REFUSED_BATCH));
            jobs.add(helm -> helm.renderExpectingRefusals(batch));
        }
        for (ValuesCases.Case c : unreadable) {
            jobs.add(helm -> helm.render(List.of(c)));
        }

        // Two workers, each with its own umbrella chart: Helm renders and the sanity checks of one
        // batch overlap with the other's.
        AtomicInteger workers = new AtomicInteger();
        ThreadLocal<UmbrellaBatches> umbrella = ThreadLocal.withInitial(() ->
                new UmbrellaBatches(chart, work.resolve("worker" + workers.incrementAndGet()), RepoLayout.chartVersion()));
        ThreadLocal<RenderSanity> sanity = ThreadLocal.withInitial(RenderSanity::new);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<Integer, UmbrellaBatches.Outcome> outcomes = new ConcurrentHashMap<>();
        Map<Integer, List<String>> insane = new ConcurrentHashMap<>();
        AtomicInteger renders = new AtomicInteger();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (var job : jobs) {
                running.add(pool.submit(() -> {
                    UmbrellaBatches helm = umbrella.get();
                    int before = helm.renders();
                    Map<Integer, UmbrellaBatches.Outcome> batch = job.apply(helm);
                    renders.addAndGet(helm.renders() - before);
                    outcomes.putAll(batch);
                    batch.forEach((id, outcome) -> insane.put(id,
                            outcome.rendered() ? sanity.get().problems("c" + id, outcome.text()) : List.of()));
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("a render batch failed to run: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        long renderedAt = System.nanoTime();

        List<Verdict> verdicts = new ArrayList<>();
        for (ValuesCases.Case c : cases) {
            verdicts.add(new Verdict(c, validated.get(c.id()), outcomes.get(c.id()), insane.get(c.id())));
        }
        long checkedAt = System.nanoTime();

        Map<ValuesCases.Kind, int[]> perKind = new EnumMap<>(ValuesCases.Kind.class);
        Map<String, List<Verdict>> disagreements = new TreeMap<>();
        for (Verdict v : verdicts) {
            int[] counts = perKind.computeIfAbsent(v.c().kind(), k -> new int[3]);
            counts[v.accepted() ? 0 : 1]++;
            String d = v.disagreement();
            if (d != null) {
                counts[2]++;
                disagreements.computeIfAbsent("[issue " + v.c().kind().issueClass + " " + v.c().kind() + "] " + d,
                        k -> new ArrayList<>()).add(v);
            }
        }
        perKind.forEach((kind, n) -> System.out.printf("  %-20s %5d accepted %5d refused %4d disagreements%n",
                kind, n[0], n[1], n[2]));
        System.out.printf("ValuesContractTest: %d cases, %d accepted by validate, %d Helm renders; validate %.1f s, "
                        + "Helm renders and sanity checks (2 workers) %.1f s, verdicts %.1f s, total %.1f s%n", cases.size(),
                accepted.size(), renders.get(),
                seconds(start, validatedAt), seconds(validatedAt, renderedAt), seconds(renderedAt, checkedAt),
                seconds(start, checkedAt));

        System.out.printf("ValuesContractTest: process CPU %.1f s over %.1f s wall (wall time depends on what else runs)%n",
                (processCpuNanos() - cpuStart) / 1e9, seconds(start, System.nanoTime()));
        StringBuilder report = new StringBuilder();
        UmbrellaBatches shrinker = disagreements.isEmpty() ? null : new UmbrellaBatches(chart, work.resolve("shrink"),
                RepoLayout.chartVersion());
        RenderSanity shrinkSanity = new RenderSanity();
        Function<ValuesCases.Case, Verdict> judge = c -> {
            UmbrellaBatches.Outcome outcome = shrinker.render(List.of(c)).get(c.id());
            return new Verdict(c, validator.validate(c.yaml().getBytes(StandardCharsets.UTF_8), chartFiles), outcome,
                    outcome.rendered() ? shrinkSanity.problems("c" + c.id(), outcome.text()) : List.of());
        };
        disagreements.forEach((what, list) -> {
            Verdict smallest = shrink(list.stream().min(Comparator.comparingInt((Verdict v) -> v.c().size())).orElseThrow(),
                    judge);
            report.append(String.format("%n%s: %d cases; smallest, shrunk (case %d, %s):%n%s  validate: %s%n  helm: %s%n  sanity: %s%n",
                    what, list.size(), smallest.c().id(), smallest.c().what(), indent(smallest.c().yaml()),
                    smallest.validate().isEmpty() ? "valid" : smallest.validate(),
                    smallest.helm().rendered() ? "rendered" : firstLines(smallest.helm().text()), smallest.insane()));
        });
        if (!report.isEmpty()) {
            System.out.println("ValuesContractTest disagreements (seed " + SEED + "):" + report);
        }
        List<String> failing = List.copyOf(disagreements.keySet());
        assertThat(failing).as("disagreements (seed %d; smallest values file of each above):%s", SEED, report).isEmpty();
        assertThat(perKind.values().stream().mapToInt(n -> n[0]).sum()).as("cases validate accepts").isGreaterThan(CASES / 10);
        assertThat(perKind.values().stream().mapToInt(n -> n[1]).sum()).as("cases validate refuses").isGreaterThan(CASES / 10);
    }

    /**
     * Removes set values one at a time while the case still shows the same disagreement, so the
     * report shows the smallest values file that does (runs only when the test fails).
     */
    private static Verdict shrink(Verdict failing, Function<ValuesCases.Case, Verdict> judge) {
        Verdict best = failing;
        String disagreement = failing.disagreement();
        boolean smaller = true;
        for (int round = 0; smaller && round < 10; round++) {
            smaller = false;
            for (List<String> path : leafPaths(best.c().values(), new ArrayList<>())) {
                Map<String, Object> values = copyWithout(best.c().values(), path);
                ValuesCases.Case candidate = new ValuesCases.Case(best.c().id(), best.c().kind(), best.c().what(), values);
                Verdict v = judge.apply(candidate);
                if (disagreement.equals(v.disagreement())) {
                    best = v;
                    smaller = true;
                    break;
                }
            }
        }
        return best;
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> leafPaths(Map<String, Object> values, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        values.forEach((k, v) -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(k);
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                paths.addAll(leafPaths((Map<String, Object>) m, path));
            } else {
                paths.add(path);
            }
        });
        return paths;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyWithout(Map<String, Object> values, List<String> path) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (path.size() == 1 && k.equals(path.get(0))) {
                return;
            }
            if (k.equals(path.get(0)) && v instanceof Map<?, ?> m) {
                Map<String, Object> nested = copyWithout((Map<String, Object>) m, path.subList(1, path.size()));
                if (!nested.isEmpty()) {
                    copy.put(k, nested);
                }
            } else {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static String indent(String yaml) {
        return yaml.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    }

    private static String firstLines(String text) {
        return text.lines().limit(4).reduce((a, b) -> a + " | " + b).orElse("");
    }
}
