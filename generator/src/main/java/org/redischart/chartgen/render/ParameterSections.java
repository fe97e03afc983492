package org.redischart.chartgen.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.model.Parameter;

/**
 * Groups the parameters for the README by what a reader looks for (as bitnami's README does),
 * each group's parameters in schema order. A top-level value no group names lands in the last
 * group, "Other settings", so a new value is never left out.
 */
final class ParameterSections {
    private static final String OTHER = "Other settings";
    /** Group title → the top-level values it holds; the order is the README's. */
    private static final Map<String, List<String>> GROUPS = groups();

    private final ParameterTable table = new ParameterTable();

    List<ParameterSection> sections(List<Parameter> parameters) {
        Map<String, List<Parameter>> grouped = new LinkedHashMap<>();
        GROUPS.keySet().forEach(title -> grouped.put(title, new ArrayList<>()));
        grouped.put(OTHER, new ArrayList<>());
        for (Parameter parameter : parameters) {
            String top = parameter.path().split("\\.", 2)[0];
            String title = GROUPS.entrySet().stream().filter(g -> g.getValue().contains(top))
                    .map(Map.Entry::getKey).findFirst().orElse(OTHER);
            grouped.get(title).add(parameter);
        }
        List<ParameterSection> sections = new ArrayList<>();
        grouped.forEach((title, members) -> {
            List<ParameterRow> rows = table.rows(members);
            if (!rows.isEmpty()) {
                sections.add(new ParameterSection(title, rows, table.details(members)));
            }
        });
        return sections;
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("Common", List.of("architecture", "profile", "engine", "nameOverride", "fullnameOverride", "commonLabels",
                "commonAnnotations", "clusterDomain"));
        groups.put("Image", List.of("image", "valkeyImage", "imagePullSecrets"));
        groups.put("Authentication and ACL users", List.of("auth", "acl", "disableCommands"));
        groups.put("TLS", List.of("tls"));
        groups.put("Redis", List.of("redis"));
        groups.put("Persistence", List.of("persistence"));
        groups.put("Resources and sizing", List.of("resources"));
        groups.put("Replicas", List.of("replica"));
        groups.put("Sentinel", List.of("sentinel"));
        groups.put("HAProxy (the Sentinel write Service)", List.of("haproxy"));
        groups.put("Cluster", List.of("cluster"));
        groups.put("Service", List.of("service"));
        groups.put("Scheduling, updates and disruptions", List.of("podDisruptionBudget", "podAntiAffinityPreset",
                "topologySpread", "nodeSelector", "tolerations", "affinity", "priorityClassName",
                "topologySpreadConstraints", "updateStrategy", "podManagementPolicy", "terminationGracePeriodSeconds"));
        groups.put("Pods and containers", List.of("serviceAccount", "podSecurityContext", "containerSecurityContext",
                "livenessProbe", "readinessProbe", "startupProbe", "podAnnotations", "podLabels", "extraEnv",
                "extraVolumes", "extraVolumeMounts", "sidecars", "initContainers", "extraEnvFrom", "command", "args",
                "lifecycleHooks", "hostAliases", "runtimeClassName", "schedulerName", "dnsPolicy", "dnsConfig",
                "sysctls", "sysctlInitContainer"));
        groups.put("helm test", List.of("tests"));
        groups.put("Backups", List.of("backup"));
        groups.put("Network policy", List.of("networkPolicy"));
        groups.put("Metrics and alerts", List.of("metrics"));
        groups.put("Global (umbrella charts)", List.of("global"));
        return groups;
    }
}
