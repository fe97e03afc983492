package org.redischart.chartgen.sizing;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * A probe chart around the shipped charts/redis/templates/_sizing.tpl (the test resource
 * sizing-chart/ adds only Chart.yaml, values.yaml and a ConfigMap printing the figures),
 * rendered by the real Helm engine (helm-java).
 */
final class SizingChart {
    static final Path SIZING_TPL = RepoLayout.chart().resolve("templates/_sizing.tpl");
    static final Path DIR = assemble();

    private SizingChart() {
    }

    /** Renders with an optional values file and --set pairs; returns the probe ConfigMap text. */
    static String render(Path valuesFile, Map<String, String> sets) {
        TemplateCommand template = new Helm(DIR).template().withName("r");
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    /** The sized figures in the probe's {@code resources} block and {@code maxmemory} line. */
    static String sized(String rendered) {
        Matcher resources = Pattern.compile("(?s)resources: \\|\\n(.*?)\\n  maxmemory: \"([^\"]*)\"").matcher(rendered);
        if (!resources.find()) {
            throw new AssertionError("probe output has no resources block:\n" + rendered);
        }
        return resources.group(1).replace("\n    ", " ").strip().replaceAll("\\s+", " ")
                + " maxmemory: " + resources.group(2);
    }

    /** What Java says for one --set style value under resources: the sized figures or the rejection. */
    static Resources javaResolve(PresetTable table, String key, Object value) {
        Map<String, Object> block = new java.util.LinkedHashMap<>();
        String[] path = key.substring("resources.".length()).split("\\.");
        block.put(path[0], path.length == 2 ? Map.of(path[1], value) : value);
        return new SizingResolver(table).resolve(ResourceValues.from("resources", block));
    }

    private static Path assemble() {
        try {
            Path probe = RepoLayout.testResources().resolve("sizing-chart");
            Path dir = Files.createTempDirectory("sizing-chart");
            Files.createDirectories(dir.resolve("templates"));
            for (String file : new String[] {"Chart.yaml", "values.yaml", "templates/probe.yaml"}) {
                Files.copy(probe.resolve(file), dir.resolve(file));
            }
            Files.copy(SIZING_TPL, dir.resolve("templates/_sizing.tpl"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble the sizing probe chart: " + e.getMessage(), e);
        }
    }
}
