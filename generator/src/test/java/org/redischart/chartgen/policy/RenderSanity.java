package org.redischart.chartgen.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redischart.chartgen.sizing.CpuQuantity;
import org.redischart.chartgen.sizing.MemoryQuantity;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.Scenarios;

/**
 * What makes a rendered release sane, whatever the values: a workload, full image references,
 * no Go formatting leaks or empty required fields, requests within limits, maxmemory strictly
 * below the memory limit, integers never in float notation, selectors that match their pods,
 * names Kubernetes accepts, every object valid for its Kubernetes API model, and the policy checks.
 */
final class RenderSanity {
    /**
     * Policy checks some accepted values break on purpose or by a known gap, so not counted
     * here: the first three are PolicyChecksTest's KNOWN_VIOLATIONS (the schema lets users turn
     * the probe, PDB and anti-affinity off); the last two are documented opt-outs
     * (networkPolicy.enabled=false, containerSecurityContext.readOnlyRootFilesystem=false).
     */
    static final Set<String> KNOWN_POLICY_GAPS = Set.of(
            "probes: liveness and readiness on long-running containers",
            "PodDisruptionBudget selects every workload with replicas > 1",
            "pod anti-affinity when replicas > 1",
            "NetworkPolicy (Ingress and Egress) selects every pod",
            "readOnlyRootFilesystem on every container");

    /**
     * The init container sysctlInitContainer.enabled adds: privileged and root by design, a
     * documented opt-out of Pod Security "restricted" (values description, README, NOTES).
     */
    static final String OPT_IN_PRIVILEGED = "container sysctl:";

    private static final Pattern LEAKS = Pattern.compile("<nil>|%!|map\\[");
    private static final Pattern EMPTY_FIELD = Pattern.compile(
            "(?m)^\\s*-?\\s*(storage|containerPort|port|targetPort|image|name|sentinel-master-set|claimName):[ \\t]*(\"\"|'')?[ \\t]*$");
    private static final Pattern FLOAT_NOTATION = Pattern.compile("(?<![\\w.])[0-9]+(\\.[0-9]+)?e\\+[0-9]+(?![\\w.])");
    private static final Pattern IMAGE = Pattern.compile(
            "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?/[a-z0-9]+([._/-][a-z0-9]+)*(:[\\w][\\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$");
    private static final Pattern MAXMEMORY = Pattern.compile("(?m)^maxmemory ([0-9]+)mb$");

    private final KubernetesApiSchema api = new KubernetesApiSchema();
    private final List<PolicyCheck> policies = PolicyChecks.all();

    /** Every reason the release is not sane; empty when it is. */
    List<String> problems(String alias, String text) {
        List<String> problems = new ArrayList<>();
        Matcher leak = LEAKS.matcher(text);
        if (leak.find()) {
            problems.add("Go formatting leaked into the manifests: " + around(text, leak.start()));
        }
        Matcher empty = EMPTY_FIELD.matcher(text);
        if (empty.find()) {
            problems.add("empty required field: " + empty.group().strip());
        }
        Matcher floats = FLOAT_NOTATION.matcher(text);
        if (floats.find()) {
            problems.add("integer in float notation: " + around(text, floats.start()));
        }
        Manifests manifests;
        try {
            manifests = Manifests.parse(text);
        } catch (RuntimeException e) {
            return List.of("rendered manifests are not YAML: " + e.getMessage());
        }
        List<JsonNode> workloads = new ArrayList<>(manifests.ofKind("StatefulSet"));
        workloads.addAll(manifests.ofKind("Deployment"));
        if (workloads.isEmpty()) {
            problems.add("no StatefulSet or Deployment");
        }
        for (JsonNode workload : workloads) {
            containers(workload, problems, conf(manifests));
            selects(workload.path("spec").path("selector").path("matchLabels"), workload, "its own pod template", problems);
        }
        for (JsonNode service : manifests.ofKind("Service")) {
            JsonNode selector = service.path("spec").path("selector");
            if (!selector.isEmpty() && workloads.stream().noneMatch(w -> subset(selector, podLabels(w)))) {
                problems.add(id(service) + ": selector " + selector + " matches no pod template");
            }
        }
        names(manifests, problems);
        for (JsonNode object : manifests.objects()) {
            problems.addAll(api.problems(object));
        }
        Scenarios.Rendered release = new Scenarios.Rendered(alias, manifests, Optional.empty());
        for (PolicyCheck check : policies) {
            if (!KNOWN_POLICY_GAPS.contains(check.name())) {
                check.check(release).stream().filter(v -> !v.contains(OPT_IN_PRIVILEGED))
                        .forEach(v -> problems.add("policy " + check.name() + ": " + v));
            }
        }
        return problems;
    }

    private static void selects(JsonNode selector, JsonNode workload, String what, List<String> problems) {
        if (!subset(selector, podLabels(workload))) {
            problems.add(id(workload) + ": selector " + selector + " does not match " + what);
        }
    }

    private static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    private static boolean subset(JsonNode selector, JsonNode labels) {
        var fields = selector.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** Names Kubernetes accepts: DNS-1035 labels for Services, 63 characters for labels-bound names, 52 for StatefulSets. */
    private static void names(Manifests manifests, List<String> problems) {
        for (JsonNode object : manifests.objects()) {
            String kind = object.path("kind").asText();
            String name = object.path("metadata").path("name").asText();
            int max = switch (kind) {
                case "StatefulSet" -> 52;
                case "Service", "Deployment", "PodDisruptionBudget", "NetworkPolicy" -> 63;
                default -> 253;
            };
            if (name.length() > max) {
                problems.add(id(object) + ": name longer than " + max + " characters (" + name.length() + ")");
            }
            if (kind.equals("Service") && !name.matches("[a-z]([-a-z0-9]*[a-z0-9])?")) {
                problems.add(id(object) + ": Service name is not a DNS-1035 label");
            }
        }
    }

    private static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    private static String conf(Manifests manifests) {
        for (JsonNode map : manifests.ofKind("ConfigMap")) {
            if (map.path("data").has("redis.conf")) {
                return map.path("data").path("redis.conf").asText();
            }
        }
        return "";
    }

    private static void containers(JsonNode workload, List<String> problems, String redisConf) {
        String name = workload.path("kind").asText() + "/" + workload.path("metadata").path("name").asText();
        JsonNode spec = workload.path("spec").path("template").path("spec");
        List<JsonNode> all = new ArrayList<>();
        spec.path("containers").forEach(all::add);
        spec.path("initContainers").forEach(all::add);
        for (JsonNode c : all) {
            String where = name + " container " + c.path("name").asText();
            String image = c.path("image").asText();
            if (!IMAGE.matcher(image).matches() || !(image.contains("@sha256:") || image.lastIndexOf(':') > image.lastIndexOf('/'))) {
                problems.add(where + ": image is not a full reference: \"" + image + "\"");
            }
            JsonNode requests = c.path("resources").path("requests");
            JsonNode limits = c.path("resources").path("limits");
            try {
                if (requests.has("memory") && limits.has("memory")
                        && mi(requests.get("memory")) > mi(limits.get("memory"))) {
                    problems.add(where + ": memory request " + requests.get("memory") + " above limit " + limits.get("memory"));
                }
                if (requests.has("cpu") && limits.has("cpu") && milli(requests.get("cpu")) > milli(limits.get("cpu"))) {
                    problems.add(where + ": cpu request " + requests.get("cpu") + " above limit " + limits.get("cpu"));
                }
                if ("redis".equals(c.path("name").asText())) {
                    Matcher m = MAXMEMORY.matcher(redisConf);
                    if (!m.find()) {
                        problems.add(where + ": redis.conf has no maxmemory line");
                    } else if (!limits.has("memory") || Long.parseLong(m.group(1)) >= mi(limits.get("memory"))) {
                        problems.add(where + ": maxmemory " + m.group(1) + "mb is not below the memory limit " + limits.path("memory"));
                    }
                }
            } catch (RuntimeException e) {
                problems.add(where + ": unreadable resources " + c.path("resources") + ": " + e.getMessage());
            }
        }
    }

    /** A zero figure, which Kubernetes accepts (a request of nothing) and the chart's quantity types do not hold. */
    private static final Pattern ZERO = Pattern.compile("^0+(\\.0+)?(m|Ki|Mi|Gi|Ti)?$");

    private static long mi(JsonNode quantity) {
        return ZERO.matcher(quantity.asText()).matches() ? 0 : MemoryQuantity.parse("memory", quantity.asText()).mebibytes();
    }

    private static long milli(JsonNode quantity) {
        return ZERO.matcher(quantity.asText()).matches() ? 0 : CpuQuantity.parse("cpu", quantity.asText()).millicores();
    }

    private static String around(String text, int at) {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        return text.substring(start, end < 0 ? text.length() : end).strip();
    }
}
