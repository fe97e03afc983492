package org.redischart.chartgen.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.redischart.chartgen.testing.Scenarios;

/**
 * The Pod Security Standards "restricted" profile, control by control, over every workload's
 * pods (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 */
final class PodSecurityChecks {
    /** Volume types "restricted" allows. */
    static final Set<String> ALLOWED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> ALLOWED_SECCOMP = Set.of("RuntimeDefault", "Localhost");

    private PodSecurityChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                perWorkload("PSS restricted: runAsNonRoot", PodSecurityChecks::runAsNonRoot),
                perWorkload("PSS restricted: allowPrivilegeEscalation false", PodSecurityChecks::noPrivilegeEscalation),
                perWorkload("PSS restricted: capabilities drop ALL, add at most NET_BIND_SERVICE", PodSecurityChecks::capabilities),
                perWorkload("PSS restricted: seccomp RuntimeDefault or Localhost", PodSecurityChecks::seccomp),
                perWorkload("PSS baseline: no hostNetwork, hostPID, hostIPC or hostPort", PodSecurityChecks::hostNamespaces),
                perWorkload("PSS baseline: not privileged", PodSecurityChecks::notPrivileged),
                perWorkload("PSS restricted: volume types allowed (no hostPath)", PodSecurityChecks::volumeTypes));
    }

    /** A check applied to each workload in the release. */
    static PolicyCheck perWorkload(String name, BiConsumer<Workload, List<String>> rule) {
        return new PolicyCheck(name, (Scenarios.Rendered release) -> {
            List<String> violations = new ArrayList<>();
            Workload.in(release.manifests()).forEach(w -> rule.accept(w, violations));
            return violations;
        });
    }

    static void runAsNonRoot(Workload w, List<String> out) {
        JsonNode pod = w.podSpec().path("securityContext");
        boolean podLevel = pod.path("runAsNonRoot").asBoolean(false);
        if (pod.path("runAsUser").asLong(-1) == 0) {
            out.add(w + ": .securityContext.runAsUser: expected non-zero, found 0");
        }
        for (JsonNode c : w.containers()) {
            JsonNode sc = c.path("securityContext");
            JsonNode own = sc.path("runAsNonRoot");
            if (own.isBoolean() ? !own.asBoolean() : !podLevel) {
                out.add(w.where(c) + ": runAsNonRoot: expected true (pod or container), found " + (own.isMissingNode() ? "unset" : own));
            }
            if (sc.path("runAsUser").asLong(-1) == 0) {
                out.add(w.where(c) + ": securityContext.runAsUser: expected non-zero, found 0");
            }
        }
    }

    static void noPrivilegeEscalation(Workload w, List<String> out) {
        for (JsonNode c : w.containers()) {
            JsonNode value = c.path("securityContext").path("allowPrivilegeEscalation");
            if (!value.isBoolean() || value.asBoolean()) {
                out.add(w.where(c) + ": securityContext.allowPrivilegeEscalation: expected false, found "
                        + (value.isMissingNode() ? "unset" : value));
            }
        }
    }

    static void capabilities(Workload w, List<String> out) {
        for (JsonNode c : w.containers()) {
            JsonNode caps = c.path("securityContext").path("capabilities");
            List<String> drop = texts(caps.path("drop"));
            if (!drop.contains("ALL")) {
                out.add(w.where(c) + ": securityContext.capabilities.drop: expected to include ALL, found " + drop);
            }
            List<String> added = texts(caps.path("add")).stream().filter(a -> !"NET_BIND_SERVICE".equals(a)).toList();
            if (!added.isEmpty()) {
                out.add(w.where(c) + ": securityContext.capabilities.add: expected at most NET_BIND_SERVICE, found " + added);
            }
        }
    }

    static void seccomp(Workload w, List<String> out) {
        JsonNode podType = w.podSpec().path("securityContext").path("seccompProfile").path("type");
        if (!podType.isMissingNode() && !ALLOWED_SECCOMP.contains(podType.asText())) {
            out.add(w + ": .securityContext.seccompProfile.type: expected RuntimeDefault or Localhost, found " + podType);
        }
        for (JsonNode c : w.containers()) {
            JsonNode type = c.path("securityContext").path("seccompProfile").path("type");
            if (type.isMissingNode() ? podType.isMissingNode() : !ALLOWED_SECCOMP.contains(type.asText())) {
                out.add(w.where(c) + ": seccompProfile.type: expected RuntimeDefault or Localhost (pod or container), found "
                        + (type.isMissingNode() ? "unset" : type));
            }
        }
    }

    static void hostNamespaces(Workload w, List<String> out) {
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (w.podSpec().path(field).asBoolean(false)) {
                out.add(w + ": ." + field + ": expected false or unset, found true");
            }
        }
        for (JsonNode c : w.containers()) {
            for (JsonNode port : c.path("ports")) {
                if (port.path("hostPort").asInt(0) != 0) {
                    out.add(w.where(c) + ": ports.hostPort: expected unset or 0, found " + port.path("hostPort"));
                }
            }
        }
    }

    static void notPrivileged(Workload w, List<String> out) {
        for (JsonNode c : w.containers()) {
            if (c.path("securityContext").path("privileged").asBoolean(false)) {
                out.add(w.where(c) + ": securityContext.privileged: expected false or unset, found true");
            }
        }
    }

    static void volumeTypes(Workload w, List<String> out) {
        for (JsonNode volume : w.podSpec().path("volumes")) {
            volume.fieldNames().forEachRemaining(field -> {
                if (!"name".equals(field) && !ALLOWED_VOLUME_TYPES.contains(field)) {
                    out.add(w + ": volume " + volume.path("name").asText() + ": expected one of "
                            + ALLOWED_VOLUME_TYPES.stream().sorted().toList() + ", found " + field);
                }
            });
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
