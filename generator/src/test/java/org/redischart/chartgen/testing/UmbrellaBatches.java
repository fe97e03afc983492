package org.redischart.chartgen.testing;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders many values files in one real Helm render: an umbrella chart depends on the chart
 * under test once per case, aliased {@code c<id>}, and one values file gives each alias its
 * case's values. Helm names every alias whose values break the schema, and the alias whose
 * template failed; those are refused and the rest rendered again (a failure Helm does not
 * attribute is split in halves until it is).
 */
public final class UmbrellaBatches {
    private static final String SCHEMA_ERROR = "values don't meet the specifications";
    private static final Pattern SCHEMA_ALIAS = Pattern.compile("(?m)^(c\\d+):$");
    private static final Pattern TEMPLATE_ALIAS = Pattern.compile("umbrella/charts/(c\\d+)/templates/[^_]");
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: umbrella/charts/(c\\d+)/");

    /** One values file of a batch: its id (the alias {@code c<id>}) and its YAML. */
    public interface Case {
        int id();

        String yaml();
    }

    /** What Helm did with one case: its manifests, or why it refused. */
    public record Outcome(boolean rendered, String text) {
    }

    private final Path dir;
    private final String version;
    private int renders;

    public UmbrellaBatches(Path chart, Path work, String version) {
        this.dir = work.resolve("umbrella");
        this.version = version;
        TreeCopy.copy(chart, dir.resolve("charts/redis"));
    }

    public int renders() {
        return renders;
    }

    /**
     * For cases expected to be refused: one render finds every case the schema refuses; the
     * rest (refused by a template's fail, if at all) render one by one, since a failing template
     * stops a render at its first case.
     */
    public Map<Integer, Outcome> renderExpectingRefusals(List<? extends Case> cases) {
        Map<Integer, Outcome> outcomes = new HashMap<>();
        String error = renderInto(cases, outcomes);
        if (error == null) {
            return outcomes;
        }
        if (!error.startsWith(SCHEMA_ERROR)) {
            return render(cases);
        }
        Set<Integer> named = named(error);
        for (Case c : cases) {
            if (named.contains(c.id())) {
                outcomes.put(c.id(), new Outcome(false, error));
            } else {
                outcomes.putAll(render(List.of(c)));
            }
        }
        return outcomes;
    }

    /**
     * One render of every case: the ids of those Helm names as breaking the schema (none when
     * Helm renders them all or refuses for another reason). The schema check does not depend
     * on the release or chart name, so a case named here is refused alone too.
     */
    public Set<Integer> refusedBySchema(List<? extends Case> cases) {
        String error = renderInto(cases, new HashMap<>());
        return error != null && error.startsWith(SCHEMA_ERROR) ? named(error) : Set.of();
    }

    public Map<Integer, Outcome> render(List<? extends Case> cases) {
        Map<Integer, Outcome> outcomes = new HashMap<>();
        List<Case> pending = new ArrayList<>(cases);
        while (!pending.isEmpty()) {
            String error = renderInto(pending, outcomes);
            if (error == null) {
                return outcomes;
            }
            Set<Integer> named = named(error);
            List<Case> refused = pending.stream().filter(c -> named.contains(c.id())).toList();
            if (refused.isEmpty()) {
                if (pending.size() == 1) {
                    outcomes.put(pending.get(0).id(), new Outcome(false, error));
                    return outcomes;
                }
                int half = pending.size() / 2;
                outcomes.putAll(render(pending.subList(0, half)));
                outcomes.putAll(render(pending.subList(half, pending.size())));
                return outcomes;
            }
            refused.forEach(c -> outcomes.put(c.id(), new Outcome(false, error)));
            pending.removeAll(refused);
        }
        return outcomes;
    }

    /** Renders the cases; null when Helm rendered them all (outcomes filled), else Helm's error. */
    private String renderInto(List<? extends Case> cases, Map<Integer, Outcome> outcomes) {
        StringBuilder chart = new StringBuilder("apiVersion: v2\nname: umbrella\nversion: 0.0.0\ndependencies:\n");
        StringBuilder values = new StringBuilder();
        for (Case c : cases) {
            chart.append("  - {name: redis, version: \"").append(version).append("\", alias: c").append(c.id()).append("}\n");
            values.append('c').append(c.id()).append(":\n");
            c.yaml().lines().forEach(line -> values.append("  ").append(line).append('\n'));
        }
        String out;
        try {
            Files.writeString(dir.resolve("Chart.yaml"), chart);
            Path valuesFile = Files.writeString(dir.resolve("cases.yaml"), values);
            renders++;
            out = Helm.template(dir.toString()).withName("r").withNamespace(HelmRenderer.NAMESPACE)
                    .withKubeVersion(HelmRenderer.KUBE_VERSION).withValuesFile(valuesFile).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
        Map<Integer, StringBuilder> texts = new HashMap<>();
        Matcher m = SOURCE.matcher(out);
        List<int[]> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), Integer.parseInt(m.group(1).substring(1))});
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : out.length();
            texts.computeIfAbsent(starts.get(i)[1], k -> new StringBuilder())
                    .append("---\n").append(out, starts.get(i)[0], end);
        }
        for (Case c : cases) {
            outcomes.put(c.id(), new Outcome(true, texts.getOrDefault(c.id(), new StringBuilder()).toString()));
        }
        return null;
    }

    private static Set<Integer> named(String error) {
        Set<Integer> ids = new LinkedHashSet<>();
        if (error.startsWith(SCHEMA_ERROR)) {
            Matcher m = SCHEMA_ALIAS.matcher(error);
            while (m.find()) {
                ids.add(Integer.parseInt(m.group(1).substring(1)));
            }
            return ids;
        }
        Matcher m = TEMPLATE_ALIAS.matcher(error);
        if (m.find()) {
            ids.add(Integer.parseInt(m.group(1).substring(1)));
        }
        return ids;
    }
}
