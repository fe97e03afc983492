package org.redischart.chartgen.policy;

import static org.redischart.chartgen.policy.PodSecurityChecks.perWorkload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.testing.LabelSelectors;
import org.redischart.chartgen.testing.Scenarios;

/** What platform linters (kube-score, Polaris, kube-linter) require of workloads. */
final class PlatformChecks {
    private PlatformChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                perWorkload("resources: cpu and memory requests and limits on every container", PlatformChecks::resources),
                perWorkload("probes: liveness and readiness on long-running containers", PlatformChecks::probes),
                perWorkload("image: pinned tag or digest, never latest or empty", PlatformChecks::imagePinned),
                perWorkload("readOnlyRootFilesystem on every container", PlatformChecks::readOnlyRoot),
                perWorkload("automountServiceAccountToken false on pods", PlatformChecks::podTokenNotMounted),
                new PolicyCheck("automountServiceAccountToken false on ServiceAccounts", PlatformChecks::accountTokenNotMounted),
                new PolicyCheck("PodDisruptionBudget selects every workload with replicas > 1", PlatformChecks::disruptionBudget),
                perWorkload("pod anti-affinity when replicas > 1", PlatformChecks::antiAffinity),
                new PolicyCheck("NetworkPolicy (Ingress and Egress) selects every pod", PlatformChecks::networkIsolation));
    }

    static void resources(Workload w, List<String> out) {
        for (JsonNode c : w.containers()) {
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    JsonNode value = c.path("resources").path(bound).path(resource);
                    if (value.asText().isEmpty()) {
                        out.add(w.where(c) + ": resources." + bound + "." + resource + ": expected a quantity, found "
                                + (value.isMissingNode() ? "unset" : value));
                    }
                }
            }
        }
    }

    static void probes(Workload w, List<String> out) {
        if (!w.longRunning()) {
            return;
        }
        for (JsonNode c : w.servingContainers()) {
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                if (!c.path(probe).isObject()) {
                    out.add(w.where(c) + ": " + probe + ": expected a probe, found none");
                }
            }
        }
    }

    static void imagePinned(Workload w, List<String> out) {
        for (JsonNode c : w.containers()) {
            String image = c.path("image").asText();
            if (image.contains("@sha256:")) {
                continue;
            }
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            String tag = colon > slash ? image.substring(colon + 1) : "";
            if (tag.isEmpty() || "latest".equals(tag)) {
                out.add(w.where(c) + ": image: expected a pinned tag or digest, found \"" + image + "\"");
            }
        }
    }

    static void readOnlyRoot(Workload w, List<String> out) {
        for (JsonNode c : w.containers()) {
            JsonNode value = c.path("securityContext").path("readOnlyRootFilesystem");
            if (!value.asBoolean(false)) {
                out.add(w.where(c) + ": securityContext.readOnlyRootFilesystem: expected true, found "
                        + (value.isMissingNode() ? "unset" : value));
            }
        }
    }

    static void podTokenNotMounted(Workload w, List<String> out) {
        JsonNode value = w.podSpec().path("automountServiceAccountToken");
        if (!value.isBoolean() || value.asBoolean()) {
            out.add(w + ": .automountServiceAccountToken: expected false, found " + (value.isMissingNode() ? "unset" : value));
        }
    }

    static List<String> accountTokenNotMounted(Scenarios.Rendered release) {
        List<String> out = new ArrayList<>();
        for (JsonNode account : release.manifests().ofKind("ServiceAccount")) {
            JsonNode value = account.path("automountServiceAccountToken");
            if (!value.isBoolean() || value.asBoolean()) {
                out.add("ServiceAccount/" + account.path("metadata").path("name").asText()
                        + ": .automountServiceAccountToken: expected false, found " + (value.isMissingNode() ? "unset" : value));
            }
        }
        return out;
    }

    static List<String> disruptionBudget(Scenarios.Rendered release) {
        List<JsonNode> budgets = release.manifests().ofKind("PodDisruptionBudget");
        List<String> out = new ArrayList<>();
        for (Workload w : Workload.in(release.manifests())) {
            if (w.replicas() <= 1) {
                continue;
            }
            boolean covered = budgets.stream().anyMatch(pdb -> LabelSelectors.matches(
                    pdb.path("spec").path("selector"), w.podMetadata().path("labels"))
                    && (pdb.path("spec").has("minAvailable") || pdb.path("spec").has("maxUnavailable")));
            if (!covered) {
                out.add(w + ": replicas " + w.replicas()
                        + ": expected a PodDisruptionBudget (minAvailable or maxUnavailable) selecting its pods, found none");
            }
        }
        return out;
    }

    static List<String> networkIsolation(Scenarios.Rendered release) {
        List<JsonNode> policies = release.manifests().ofKind("NetworkPolicy");
        List<String> out = new ArrayList<>();
        for (Workload w : Workload.in(release.manifests())) {
            boolean isolated = policies.stream().anyMatch(p -> LabelSelectors.matches(
                    p.path("spec").path("podSelector"), w.podMetadata().path("labels"))
                    && PodSecurityChecks.texts(p.path("spec").path("policyTypes")).containsAll(List.of("Ingress", "Egress")));
            if (!isolated) {
                out.add(w + ": expected a NetworkPolicy with Ingress and Egress selecting its pods, found none");
            }
        }
        return out;
    }

    static void antiAffinity(Workload w, List<String> out) {
        if (w.replicas() <= 1) {
            return;
        }
        JsonNode anti = w.podSpec().path("affinity").path("podAntiAffinity");
        List<JsonNode> selectors = new ArrayList<>();
        anti.path("requiredDuringSchedulingIgnoredDuringExecution").forEach(t -> selectors.add(t.path("labelSelector")));
        anti.path("preferredDuringSchedulingIgnoredDuringExecution")
                .forEach(t -> selectors.add(t.path("podAffinityTerm").path("labelSelector")));
        if (selectors.stream().noneMatch(s -> LabelSelectors.matches(s, w.podMetadata().path("labels")))) {
            out.add(w + ": replicas " + w.replicas()
                    + ": expected a podAntiAffinity term selecting its own pods, found none");
        }
    }
}
