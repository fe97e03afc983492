package org.redischart.chartgen.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates rendered objects against the Kubernetes API, using the official client's models
 * (io.kubernetes:client-java-api): their {@code validateJsonElement} refuses unknown fields
 * and missing required ones, and a typed round trip (deserialize, serialize, compare) finds
 * values of the wrong type that Gson would otherwise coerce. A kind without a registered
 * model is a failure, so every new kind the chart renders must be added here. The
 * prometheus-operator kinds have no model in the client: {@link CrdSchemas} checks them.
 */
public final class KubernetesApiSchema {
    private static final Map<String, Class<?>> MODELS = new TreeMap<>(Map.ofEntries(
            Map.entry("v1/ConfigMap", V1ConfigMap.class),
            Map.entry("v1/PersistentVolumeClaim", V1PersistentVolumeClaim.class),
            Map.entry("v1/Pod", V1Pod.class),
            Map.entry("v1/Secret", V1Secret.class),
            Map.entry("v1/Service", V1Service.class),
            Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
            Map.entry("apps/v1/Deployment", V1Deployment.class),
            Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
            Map.entry("batch/v1/Job", io.kubernetes.client.openapi.models.V1Job.class),
            Map.entry("batch/v1/CronJob", io.kubernetes.client.openapi.models.V1CronJob.class),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", V1Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding.class)));

    private final ObjectMapper jackson = new ObjectMapper();
    private final CrdSchemas crds = new CrdSchemas();

    /** Every way the object breaks its kind's API schema, each naming the object; empty when valid. */
    public List<String> problems(JsonNode object) {
        String id = object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        if (crds.knows(type)) {
            return crds.problems(type, object).stream().map(p -> id + ": " + p).toList();
        }
        Class<?> model = MODELS.get(type);
        if (model == null) {
            List<String> known = new ArrayList<>(MODELS.keySet());
            known.addAll(CrdSchemas.FILES.keySet());
            return List.of(id + ": expected a registered kind (" + String.join(", ", known)
                    + "), found " + type + "; register its model in KubernetesApiSchema");
        }
        String json = toJson(object);
        String refusal = refusal(model, JsonParser.parseString(json), object);
        if (refusal != null) {
            return List.of(id + ": " + refusal);
        }
        Object typed;
        try {
            typed = JSON.deserialize(json, model);
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
            return List.of(id + ": wrong type: " + firstLine(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        compare(object, readTree(JSON.serialize(typed)), "", problems);
        return problems.stream().map(p -> id + ": " + p).toList();
    }

    /** The model's own validation message, with the JSON dump cut off and the path added. */
    private static String refusal(Class<?> model, JsonElement element, JsonNode object) {
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, element);
            return null;
        } catch (InvocationTargetException e) {
            String message = firstLine(e.getCause().getMessage());
            int dump = message.indexOf(" JSON: ");
            message = dump < 0 ? message.replaceFirst(" in the JSON string: .*", " in the JSON string") : message.substring(0, dump);
            String key = message.replaceFirst("^[^`]*`([^`]*)`.*$", "$1");
            List<String> paths = JsonPaths.ofKey(object, key);
            return (paths.isEmpty() ? "" : String.join(", ", paths) + ": ") + message;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + model.getSimpleName() + ".validateJsonElement", e);
        }
    }

    /** What was sent against what the typed model kept; a difference is a coerced or dropped value. */
    private static void compare(JsonNode sent, JsonNode kept, String path, List<String> problems) {
        if (sent.isNull()) {
            return;
        }
        if (sent.isObject()) {
            if (!kept.isObject()) {
                problems.add(shownPath(path) + ": expected " + kind(kept) + ", found a mapping");
                return;
            }
            for (Map.Entry<String, JsonNode> field : sent.properties()) {
                JsonNode keptValue = kept.get(field.getKey());
                String child = path + "." + field.getKey();
                if (keptValue == null && !field.getValue().isNull()) {
                    problems.add(child + ": not a field of the Kubernetes API (dropped)");
                } else if (keptValue != null) {
                    compare(field.getValue(), keptValue, child, problems);
                }
            }
        } else if (sent.isArray()) {
            if (!kept.isArray() || kept.size() != sent.size()) {
                problems.add(shownPath(path) + ": expected " + kind(kept) + ", found a sequence");
                return;
            }
            for (int i = 0; i < sent.size(); i++) {
                compare(sent.get(i), kept.get(i), path + "[" + i + "]", problems);
            }
        } else if (!sameScalar(sent, kept)) {
            problems.add(shownPath(path) + ": expected " + kind(kept) + ", found " + sent);
        }
    }

    private static boolean sameScalar(JsonNode sent, JsonNode kept) {
        if (sent.isNumber() && kept.isNumber()) {
            return new BigDecimal(sent.asText()).compareTo(new BigDecimal(kept.asText())) == 0;
        }
        if (sent.isTextual() && kept.isTextual() && !sent.equals(kept)) {
            return sameQuantity(sent.asText(), kept.asText());
        }
        return sent.equals(kept);
    }

    /** "0.5" and "500m" are one quantity; the model writes the canonical form. */
    private static boolean sameQuantity(String a, String b) {
        try {
            return new Quantity(a).getNumber().compareTo(new Quantity(b).getNumber()) == 0;
        } catch (RuntimeException notAQuantity) {
            return false;
        }
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        }
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.isArray() ? "a sequence" : node.isObject() ? "a mapping" : node.getNodeType().toString();
    }

    private static String shownPath(String path) {
        return path.isEmpty() ? "." : path;
    }

    private static String firstLine(String message) {
        return message == null ? "(no message)" : message.lines().findFirst().orElse("");
    }

    private String toJson(JsonNode node) {
        try {
            return jackson.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a rendered object as JSON", e);
        }
    }

    private JsonNode readTree(String json) {
        try {
            return jackson.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Kubernetes model wrote invalid JSON", e);
        }
    }
}
