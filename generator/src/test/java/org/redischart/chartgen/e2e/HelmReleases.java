package org.redischart.chartgen.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import com.marcnuri.helm.UpgradeCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Helm engine (helm-java, in-process) pointed at the test cluster: every call carries the
 * k3s kubeconfig, a namespace and a bounded timeout, and waits for the release to be ready.
 */
final class HelmReleases {
    /** Pulling the Redis image into a fresh k3s dominates; ten minutes bounds a stuck rollout. */
    static final int READY_TIMEOUT_SECONDS = 600;
    static final int TEST_TIMEOUT_SECONDS = 300;
    private static final YAMLMapper YAML = new YAMLMapper();

    private final String kubeconfig;
    private final Path chart;

    HelmReleases(String kubeconfig, Path chart) {
        this.kubeconfig = kubeconfig;
        this.chart = chart;
    }

    Release install(String release, String namespace, Path values) {
        return Helm.install(chart.toString()).withName(release).withNamespace(namespace).createNamespace()
                .withValuesFile(values).withKubeConfigContents(kubeconfig)
                .waitReady().withTimeout(READY_TIMEOUT_SECONDS).call();
    }

    /** {@code helm upgrade --reset-values -f ...}: the release gets exactly these values files. */
    Release upgrade(String release, String namespace, List<Path> valuesFiles) {
        UpgradeCommand upgrade = Helm.upgrade(chart.toString()).withName(release).withNamespace(namespace)
                .resetValues().withKubeConfigContents(kubeconfig).waitReady().withTimeout(READY_TIMEOUT_SECONDS);
        for (Path values : valuesFiles) {
            upgrade = upgrade.withValuesFile(values);
        }
        return upgrade.call();
    }

    /**
     * The closest real equivalent of {@code helm rollback <release> <revision>}, which helm-java
     * 0.0.21 lacks: read the user values Helm recorded for that revision from the release
     * history and upgrade to them with the same chart and {@code --reset-values}. Like a
     * rollback it creates a new revision carrying the old configuration.
     */
    Release rollback(String release, String namespace, int revision, Path scratch) {
        try {
            Path recorded = scratch.resolve(release + "-revision-" + revision + "-values.yaml");
            Files.writeString(recorded, YAML.writeValueAsString(userValues(release, namespace, revision)));
            return upgrade(release, namespace, List.of(recorded));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recorded values of " + release + " revision " + revision, e);
        }
    }

    /** {@code helm test}: helm-java throws when a test hook pod fails. */
    Release test(String release, String namespace) {
        return Helm.test(release).withNamespace(namespace).withKubeConfigContents(kubeconfig)
                .withTimeout(TEST_TIMEOUT_SECONDS).call();
    }

    List<ReleaseHistory> history(String release, String namespace) {
        return Helm.history(release).withNamespace(namespace).withKubeConfigContents(kubeconfig).call();
    }

    /** {@code helm get values --revision n}: what the user supplied, as Helm recorded it. */
    JsonNode userValues(String release, String namespace, int revision) {
        return parse(Helm.get(release).values().withRevision(revision).withNamespace(namespace)
                .withKubeConfigContents(kubeconfig).call());
    }

    /** {@code helm get values --all}: the chart defaults merged with the user's values. */
    JsonNode allValues(String release, String namespace) {
        return parse(Helm.get(release).values().allValues().withNamespace(namespace)
                .withKubeConfigContents(kubeconfig).call());
    }

    String uninstall(String release, String namespace) {
        return Helm.uninstall(release).withNamespace(namespace).withKubeConfigContents(kubeconfig).call();
    }

    List<Release> releases(String namespace) {
        return Helm.list().all().withNamespace(namespace).withKubeConfigContents(kubeconfig).call();
    }

    static JsonNode readYaml(Path file) {
        try {
            return normalize(YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode parse(String yaml) {
        try {
            return normalize(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("helm get values printed no YAML: " + yaml, e);
        }
    }

    /** An empty document, {@code null} and {@code {}} all mean "no values". */
    private static JsonNode normalize(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
    }
}
