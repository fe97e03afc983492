package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The conversions the bitnami rules share. */
final class Converters {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** bitnami's resourcesPreset sizes (requests; limits are 1.5 times them, capped as bitnami does). */
    static final Map<String, String[]> BITNAMI_PRESETS = Map.of(
            "nano", new String[] {"100m", "128Mi", "150m", "192Mi"},
            "micro", new String[] {"250m", "256Mi", "375m", "384Mi"},
            "small", new String[] {"500m", "512Mi", "750m", "768Mi"},
            "medium", new String[] {"500m", "1024Mi", "750m", "1536Mi"},
            "large", new String[] {"1", "2048Mi", "1500m", "3072Mi"},
            "xlarge", new String[] {"1", "3072Mi", "3", "6144Mi"},
            "2xlarge", new String[] {"1", "3072Mi", "6", "12288Mi"});

    private Converters() {
    }

    /** {@code resourcesPreset} as explicit requests and limits of the same size. */
    static Rule.Convert preset(String target) {
        return (value, input) -> {
            String[] figures = BITNAMI_PRESETS.get(value.asText());
            if (figures == null) {
                return List.of(Result.missing("resourcesPreset \"" + value.asText() + "\" has no bitnami size",
                        "set " + target + ".required.{cpu,memory} (the margin model derives requests and limits)"));
            }
            return List.of(Result.set(target + ".requests", figures(figures[0], figures[1])),
                    Result.set(target + ".limits", figures(figures[2], figures[3])));
        };
    }

    private static ObjectNode figures(String cpu, String memory) {
        return JSON.objectNode().put("cpu", cpu).put("memory", memory);
    }

    /** {@code resources: {requests, limits}} as this chart's explicit figures (cpu and memory only). */
    static Rule.Convert resources(String target) {
        return (value, input) -> {
            List<Result> results = new ArrayList<>();
            for (String kind : List.of("requests", "limits")) {
                JsonNode figures = value.path(kind);
                ObjectNode kept = JSON.objectNode();
                figures.fields().forEachRemaining(f -> {
                    if (f.getKey().equals("cpu") || f.getKey().equals("memory")) {
                        kept.set(f.getKey(), f.getValue());
                    } else {
                        results.add(Result.missing("resources." + kind + "." + f.getKey() + " is not sized by this chart",
                                "leave it out (the chart sizes cpu and memory only)"));
                    }
                });
                if (!kept.isEmpty()) {
                    results.add(Result.set(target + "." + kind, kept));
                }
            }
            return results;
        };
    }

    /** Strings as written, for fields this chart types as strings (sentinel.resources). */
    static Rule.Convert textFigures(String target) {
        return (value, input) -> {
            List<Result> results = new ArrayList<>();
            for (String kind : List.of("requests", "limits")) {
                for (String figure : List.of("cpu", "memory")) {
                    JsonNode v = value.path(kind).path(figure);
                    if (!v.isMissingNode() && !v.isNull()) {
                        String text = v.asText();
                        results.add(Result.set(target + "." + kind + "." + figure,
                                TextNode.valueOf(figure.equals("cpu") && text.endsWith(".0") ? text.replace(".0", "") : text)));
                    }
                }
            }
            return results;
        };
    }

    /** bitnami's pull secrets (names, or {name}) as [{name}]. */
    static Rule.Convert pullSecrets(String target) {
        return (value, input) -> {
            ArrayNode secrets = JSON.arrayNode();
            value.forEach(s -> secrets.add(JSON.objectNode().put("name", s.isObject() ? s.path("name").asText() : s.asText())));
            return List.of(Result.set(target, secrets));
        };
    }

    /** An integer, or no equivalent when bitnami's value is a percentage. */
    static Rule.Convert wholeNumber(String target, String suggestion) {
        return (value, input) -> value.canConvertToInt() || value.asText().matches("[0-9]+")
                ? List.of(Result.set(target, IntNode.valueOf(Integer.parseInt(value.asText()))))
                : List.of(Result.missing("\"" + value.asText() + "\" is not a whole number of pods", suggestion));
    }

    /** Only when bitnami's value is the one this chart always uses. */
    static Rule.Convert onlyIf(String expected, String reason, String suggestion) {
        return (value, input) -> expected.equals(value.asText()) ? List.of()
                : List.of(Result.missing(reason + " (found \"" + value.asText() + "\")", suggestion));
    }

    /** bitnami's podAntiAffinityPreset ("" means none). */
    static Rule.Convert antiAffinity(String target) {
        return (value, input) -> List.of(Result.set(target, TextNode.valueOf(value.asText().isEmpty() ? "none" : value.asText())));
    }

    /** extraEnvVarsCM / extraEnvVarsSecret as an envFrom entry. */
    static Rule.Convert envFrom(String kind) {
        return (value, input) -> value.asText().isEmpty() ? List.of() : List.of(Result.set("extraEnvFrom",
                JSON.arrayNode().add(JSON.objectNode().set(kind, JSON.objectNode().put("name", value.asText())))));
    }

    /** The labels of namespaces as one namespace selector entry. */
    static Rule.Convert namespaceSelector(String target) {
        return (value, input) -> input.at("networkPolicy.allowExternal").asBoolean(true)
                ? List.of(Result.missing("bitnami applies it only with networkPolicy.allowExternal=false",
                        "set networkPolicy.allowExternal: false to keep it"))
                : List.of(Result.set(target,
                JSON.arrayNode().add(JSON.objectNode().set("matchLabels", value))));
    }

    /** bitnami's ACL users ({username, password, enabled, commands, keys, channels}) as {name, rules, password}. */
    static Rule.Convert aclUsers() {
        return (value, input) -> {
            if (!input.at("auth.acl.enabled").asBoolean(false)) {
                return List.of(Result.missing("bitnami ignores auth.acl.users while auth.acl.enabled is false",
                        "list them in acl.users when you turn ACLs on"));
            }
            ArrayNode users = JSON.arrayNode();
            List<Result> results = new ArrayList<>();
            for (JsonNode user : value) {
                String rules = String.join(" ", List.of(user.path("enabled").asText("on"), user.path("commands").asText(""),
                        user.path("keys").asText(""), user.path("channels").asText(""))).replaceAll("\\s+", " ").strip();
                var converted = JSON.objectNode().put("name", user.path("username").asText()).put("rules", rules);
                if (!user.path("password").asText("").isEmpty()) {
                    converted.put("password", user.path("password").asText());
                }
                users.add(converted);
            }
            results.add(0, Result.set("acl.users", users));
            return results;
        };
    }
}
