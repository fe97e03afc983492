package org.redischart.chartgen.bench;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.redischart.chartgen.bench.Scenarios.Scenario;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;

/**
 * Figure 2: how long the real Helm engine takes to render charts/redis for each scenario,
 * next to Helm's own {@code helm create} scaffold rendered the same way in the same JVM.
 * Renders go round-robin (one of each per round, the starting one rotating), so a slow
 * moment on the machine lands on every chart alike.
 */
final class HelmBench {
    static final String RELEASE = "bench";
    /** Issue 18: the defaults within 3× the scaffold, every architecture within 4×. */
    private static final double DEFAULTS_TARGET_RATIO = 3.0;
    private static final double ARCHITECTURE_TARGET_RATIO = 4.0;
    /** Scenarios named after an architecture carry the architecture target. */
    private static final java.util.Set<String> ARCHITECTURES = java.util.Set.of("standalone", "replication", "sentinel",
            "cluster");
    private static final String SCAFFOLD = "scaffold";

    private record Subject(String name, HelmRenderer renderer, Path valuesFile) {
        String render() {
            return renderer.render(RELEASE, valuesFile);
        }
    }

    private final Settings settings;
    private final Path work;

    HelmBench(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    /** The render rows alone, for a before/after of a template change. */
    public static void main(String[] args) throws IOException {
        Bench.runAlone("helm", (settings, processes, work, table) -> {
            try (KubeApiServer ignored = new KubeApiServer()) {
                new HelmBench(settings, work).run(new Scenarios(settings.chart()).accepted(settings.scenarios(), table), table);
            }
        });
    }

    /** Measures every scenario; returns the last manifests rendered for each, by scenario name. */
    Map<String, Manifests> run(List<Scenario> scenarios, Table table) {
        List<Subject> subjects = new ArrayList<>();
        Helm.create().withName(SCAFFOLD).withDir(work).call();
        Path scaffold = work.resolve(SCAFFOLD);
        subjects.add(new Subject(SCAFFOLD, new HelmRenderer(scaffold), null));
        HelmRenderer redis = new HelmRenderer(settings.chart());
        scenarios.forEach(s -> subjects.add(new Subject(s.name(), redis, s.valuesFile())));

        Map<String, String> rendered = new LinkedHashMap<>();
        List<Subject> working = new ArrayList<>();
        for (Subject subject : subjects) {
            try {
                rendered.put(subject.name(), subject.render());
                working.add(subject);
            } catch (RuntimeException e) {
                table.failed(label(subject.name()), targetOf(subject.name()), firstLine(e));
            }
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        working.forEach(s -> times.put(s.name(), new ArrayList<>()));
        int rounds = settings.helmWarmup() + settings.helmRenders();
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < working.size(); k++) {
                Subject subject = working.get((round + k) % working.size());
                long start = System.nanoTime();
                String text = subject.render();
                double millis = Samples.millisSince(start);
                if (round >= settings.helmWarmup()) {
                    times.get(subject.name()).add(millis);
                    rendered.put(subject.name(), text);
                }
            }
        }

        Samples reference = times.containsKey(SCAFFOLD) ? new Samples(times.get(SCAFFOLD)) : null;
        Map<String, Manifests> manifests = new LinkedHashMap<>();
        for (Subject subject : working) {
            Manifests parsed = Manifests.parse(rendered.get(subject.name()));
            manifests.put(subject.name(), parsed);
            boolean isReference = subject.name().equals(SCAFFOLD);
            table.time(label(subject.name()), new Samples(times.get(subject.name())), targetOf(subject.name()),
                    isReference ? null : SCAFFOLD, isReference ? null : reference, describe(parsed));
        }
        table.note("Helm renders: `helm template " + RELEASE + " <chart> -n " + HelmRenderer.NAMESPACE
                + " --kube-version " + HelmRenderer.KUBE_VERSION + " [-f bench/<scenario>.yaml]` through helm-java "
                + "in this JVM, " + settings.helmRenders() + " rounds after " + settings.helmWarmup()
                + " warm-up rounds; `lookup` is answered by an in-process mock API server (empty).");
        return manifests;
    }

    private static String label(String name) {
        return name.equals(SCAFFOLD)
                ? "helm render, `helm create` scaffold (reference)"
                : "helm render, charts/redis " + name;
    }

    /** The defaults and each architecture carry a target; the other scenarios are reported against the same reference. */
    private static Target targetOf(String name) {
        if (name.equals(Scenarios.DEFAULTS)) {
            return Target.ratioAtMost(DEFAULTS_TARGET_RATIO);
        }
        return ARCHITECTURES.contains(name) ? Target.ratioAtMost(ARCHITECTURE_TARGET_RATIO) : Target.none();
    }

    private static String describe(Manifests manifests) {
        int bytes = manifests.text().getBytes(StandardCharsets.UTF_8).length;
        return manifests.objects().size() + " objects, " + String.format(Locale.ROOT, "%,d", bytes) + " bytes";
    }

    private static String firstLine(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
