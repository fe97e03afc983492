package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.redischart.chartgen.schema.ValuesMerger;

/** Renders and lints the chart with the real Helm engine (helm-java), in-process. */
public final class HelmRenderer {
    public static final String NAMESPACE = "default";
    /** Helm's default capabilities say v1.20, below the chart's kubeVersion; render for a supported one. */
    public static final String KUBE_VERSION = "1.31.0";
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path chart;

    public HelmRenderer(Path chart) {
        this.chart = chart;
    }

    /** {@code helm template <release> <chart> -f values [--set k=v ...]}. */
    public String render(String release, Path valuesFile, Map<String, Object> sets) {
        TemplateCommand command = Helm.template(chart.toString()).withName(release).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    /**
     * {@code helm upgrade <release> <chart> --dry-run=server [--set k=v ...]} against the
     * cluster in KUBECONFIG (the in-test {@link KubeApiServer}, holding the release with
     * {@link KubeApiServer#holdRelease}): the chart renders with {@code .Release.IsUpgrade},
     * its {@code lookup}s see that cluster, nothing is applied. Throws with the chart's
     * message when a template fails.
     */
    public void upgradeDryRun(String release, Map<String, Object> sets) {
        var command = Helm.upgrade(chart.toString()).withName(release).withNamespace(NAMESPACE)
                .withKubeConfig(Path.of(System.getenv("KUBECONFIG")))
                .withDryRunOption(com.marcnuri.helm.DryRun.SERVER).disableOpenApiValidation();
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        command.call();
    }

    public String render(String release, Path valuesFile) {
        return render(release, valuesFile, Map.of());
    }

    /**
     * Renders with the {@code helm test} hook pods included: helm-java's template leaves hook
     * objects out, so a copy of the chart has their hook annotation renamed first.
     */
    public String renderIncludingTestHooks(String release, Map<String, Object> sets, Path workDir) {
        return renderIncludingTestHooks(release, null, sets, workDir);
    }

    /** As {@link #renderIncludingTestHooks(String, Map, Path)}, with a values file too. */
    public String renderIncludingTestHooks(String release, Path valuesFile, Map<String, Object> sets, Path workDir) {
        try {
            Path copy = workDir.resolve("with-test-hooks").resolve(chart.getFileName());
            TreeCopy.copy(chart, copy);
            try (Stream<Path> tests = Files.list(copy.resolve("templates/tests"))) {
                for (Path test : tests.toList()) {
                    Files.writeString(test, Files.readString(test).replace("helm.sh/hook: test", "hook-under-test: test"));
                }
            }
            return new HelmRenderer(copy).render(release, valuesFile, sets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code helm lint --strict} of the chart as a scenario's user would have it: helm-java's
     * lint takes no values file, so the scenario's values are merged into a copy of the chart.
     */
    public LintResult lintWith(Path valuesFile, Path workDir) {
        try {
            Path copy = workDir.resolve(chart.getFileName());
            TreeCopy.copy(chart, copy);
            if (valuesFile != null) {
                JsonNode defaults = YAML.readTree(chart.resolve("values.yaml").toFile());
                JsonNode user = YAML.readTree(valuesFile.toFile());
                JsonNode merged = user == null || !user.isObject() ? defaults : new ValuesMerger().merge(defaults, user);
                Files.writeString(copy.resolve("values.yaml"), YAML.writeValueAsString(merged));
            }
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
