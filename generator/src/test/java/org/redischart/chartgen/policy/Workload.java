package org.redischart.chartgen.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.testing.Manifests;

/**
 * Something that runs pods: a bare Pod or a controller's pod template, with how many
 * replicas it wants and whether its pods are meant to keep running.
 *
 * @param podMetadata the pod (template)'s metadata
 * @param podSpec the pod (template)'s spec
 * @param longRunning false for pods that run to completion (restartPolicy Never/OnFailure, Jobs)
 */
record Workload(String kind, String name, JsonNode podMetadata, JsonNode podSpec, int replicas, boolean longRunning) {
    private static final Map<String, String> TEMPLATE_AT = Map.of(
            "Deployment", "/spec/template", "StatefulSet", "/spec/template", "DaemonSet", "/spec/template",
            "ReplicaSet", "/spec/template", "Job", "/spec/template", "CronJob", "/spec/jobTemplate/spec/template");

    static List<Workload> in(Manifests manifests) {
        List<Workload> workloads = new ArrayList<>();
        for (JsonNode object : manifests.objects()) {
            String kind = object.path("kind").asText();
            String name = object.path("metadata").path("name").asText();
            if ("Pod".equals(kind)) {
                String restart = object.path("spec").path("restartPolicy").asText("Always");
                workloads.add(new Workload(kind, name, object.path("metadata"), object.path("spec"), 1,
                        "Always".equals(restart)));
            } else if (TEMPLATE_AT.containsKey(kind)) {
                JsonNode template = object.at(TEMPLATE_AT.get(kind));
                boolean runsToCompletion = "Job".equals(kind) || "CronJob".equals(kind);
                workloads.add(new Workload(kind, name, template.path("metadata"), template.path("spec"),
                        object.path("spec").path("replicas").asInt(1), !runsToCompletion));
            }
        }
        return workloads;
    }

    /** Containers of every sort: init, regular and ephemeral. */
    List<JsonNode> containers() {
        List<JsonNode> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            podSpec.path(field).forEach(all::add);
        }
        return all;
    }

    /** The long-running containers: regular ones, and init containers restarted as sidecars. */
    List<JsonNode> servingContainers() {
        List<JsonNode> serving = new ArrayList<>();
        podSpec.path("initContainers").forEach(c -> {
            if ("Always".equals(c.path("restartPolicy").asText())) {
                serving.add(c);
            }
        });
        podSpec.path("containers").forEach(serving::add);
        return serving;
    }

    String where(JsonNode container) {
        return kind + "/" + name + " container " + container.path("name").asText();
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
