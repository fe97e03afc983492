package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;

/** Turns the validator's messages into {@link Violation}s phrased as "expected …, found …". */
final class ViolationFormatter {
    private static final int MAX_SHOWN = 80;

    /**
     * @param message one validation failure
     * @param schema the schema document validated against, to name the keys an object allows
     */
    Violation format(ValidationMessage message, JsonNode schema) {
        String path = jqPath(message.getInstanceLocation().toString());
        JsonNode found = message.getInstanceNode();
        JsonNode rule = message.getSchemaNode();
        return switch (message.getType()) {
            case "additionalProperties" -> unknownKey(join(path, message.getProperty()), message.getProperty(),
                    allowedKeys(message, schema));
            case "required" -> new Violation(join(path, message.getProperty()), "is required but missing");
            case "type" -> new Violation(path, "expected " + list(rule) + ", found " + shown(found));
            case "enum" -> new Violation(path, "expected one of " + list(rule) + ", found " + shown(found) + closest(found, rule));
            case "const" -> new Violation(path, "expected " + rule + ", found " + shown(found));
            case "minimum" -> bound(path, ">=", rule, found);
            case "maximum" -> bound(path, "<=", rule, found);
            case "exclusiveMinimum" -> bound(path, ">", rule, found);
            case "exclusiveMaximum" -> bound(path, "<", rule, found);
            case "pattern" -> new Violation(path, "expected " + HUMAN_PATTERNS.getOrDefault(definition(message),
                    HUMAN_REGEXES.getOrDefault(rule.asText(), "a string matching " + rule.asText())) + ", found " + shown(found));
            case "maxLength" -> new Violation(path,
                    "expected at most " + rule + " characters, found " + found.asText().length());
            case "minLength" -> new Violation(path,
                    "expected at least " + rule + " characters, found " + shown(found));
            case "minItems" -> new Violation(path, "expected at least " + rule + " items, found " + found.size());
            case "maxItems" -> new Violation(path, "expected at most " + rule + " items, found " + found.size());
            case "uniqueItems" -> new Violation(path, "expected unique items, found " + shown(found));
            case "contains", "minContains" -> new Violation(path, "expected an item matching " + rule + ", found " + shown(found));
            case "not" -> new Violation(path, "expected anything but " + described(rule, schema) + ", found " + shown(found));
            case "propertyNames" -> refusedKey(path, message, schema);
            default -> new Violation(path, message.getMessage().replaceFirst("^\\S+: ", ""));
        };
    }

    /** A key refused by propertyNames: by a {@code not} of a described $defs entry, said in its words. */
    private static Violation refusedKey(String path, ValidationMessage message, JsonNode schema) {
        JsonNode names = message.getSchemaNode();
        String key = message.getProperty();
        JsonNode refused = names == null ? null : names.path("not");
        if (key != null && refused != null && refused.has("$ref")) {
            for (JsonNode listed : schema.at(refused.get("$ref").asText().substring(1)).path("enum")) {
                if (key.equals(listed.asText())) {
                    return new Violation(path, "expected a key other than " + described(refused, schema) + ", found \"" + key + "\"");
                }
            }
        }
        return new Violation(path, message.getMessage().replaceFirst("^\\S+: ", ""));
    }

    /** A {@code $ref} to a $defs entry with a description reads as that description. */
    private static String described(JsonNode rule, JsonNode schema) {
        if (rule != null && rule.has("$ref")) {
            JsonNode description = schema.at(rule.get("$ref").asText().substring(1)).path("description");
            if (description.isTextual()) {
                return description.asText();
            }
        }
        return String.valueOf(rule);
    }

    /** Patterns whose regex means nothing to a user, by the $defs entry (definitions in the chart's draft-07 file) that holds them. */
    private static final java.util.Map<String, String> HUMAN_PATTERNS = java.util.Map.of(
            "memoryQuantity", "a Kubernetes memory quantity such as 256Mi or 1.5Gi",
            "cpuQuantity", "a Kubernetes CPU quantity such as 250m or 0.5",
            "alpha", "a number >= 0 and < 1 with at most 4 decimal places",
            "imageRegistry", "a registry host such as docker.io or registry.example.com:5000, optionally with a path, "
                    + "without a scheme (https://) or a trailing slash");

    /** Inline patterns that are quantities or durations, said in words wherever they appear. */
    private static final java.util.Map<String, String> HUMAN_REGEXES = java.util.Map.of(
            "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$", "a Kubernetes storage quantity such as 8Gi or 500Mi",
            "^([0-9]+(\\.[0-9]+)?|[0-9]+m)$", "a Kubernetes CPU quantity such as 25m or 0.5",
            "^[0-9]+(Ki|Mi|Gi|Ti)?$", "a Kubernetes memory quantity in whole units such as 64Mi or 1Gi",
            "^([0-9]+(\\.[0-9]+)?(h|m|s))+$", "a Go duration such as 2160h, 90m or 1h30m",
            "^(0|(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$", "a duration such as 30s, 1m or 1h30m");

    /** "; did you mean sentinel?" when one allowed value is close to the text found; else "". */
    private static String closest(JsonNode found, JsonNode allowed) {
        if (found == null || !found.isTextual() || allowed == null || !allowed.isArray()) {
            return "";
        }
        String text = found.asText().toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (JsonNode candidate : allowed) {
            int d = distance(text, candidate.asText().toLowerCase(java.util.Locale.ROOT));
            if (candidate.isTextual() && d < bestDistance) {
                best = candidate.asText();
                bestDistance = d;
            }
        }
        return best != null && bestDistance < text.length() && bestDistance <= Math.max(2, text.length() / 4) ? "; did you mean " + best + "?" : "";
    }

    private static String definition(ValidationMessage message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/(?:\\$defs|definitions)/([^/]+)/")
                .matcher(message.getSchemaLocation().getFragment().toString() + "/");
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            m = java.util.regex.Pattern.compile("(?:\\$defs|definitions)/([^/]+)").matcher(String.valueOf(message.getEvaluationPath()));
            while (m.find()) {
                last = m.group(1);
            }
        }
        return String.valueOf(last);
    }

    /** "did you mean" the closest allowed key when one is close; otherwise the list of allowed keys. */
    private static Violation unknownKey(String path, String key, List<String> allowed) {
        if (allowed.isEmpty()) {
            return new Violation(path, "unknown key; expected no other keys");
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (key != null && bestDistance <= Math.max(2, key.length() / 4)) {
            return new Violation(path, "unknown key; did you mean " + best + "?");
        }
        return new Violation(path, "unknown key; expected one of " + String.join(", ", allowed));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Violation bound(String path, String op, JsonNode limit, JsonNode found) {
        return new Violation(path, "expected a number " + op + " " + limit + ", found " + shown(found));
    }

    static String shown(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String text = node.isTextual() ? "\"" + node.asText() + "\"" : node.toString();
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
    }

    /** The declared properties of the object whose additionalProperties refused a key. */
    private static List<String> allowedKeys(ValidationMessage message, JsonNode schema) {
        String location = message.getSchemaLocation().getFragment().toString();
        String parent = location.endsWith("/additionalProperties")
                ? location.substring(0, location.length() - "/additionalProperties".length()) : location;
        JsonNode properties = schema.at(parent + "/properties");
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String list(JsonNode node) {
        if (node == null) {
            return "something else";
        }
        if (!node.isArray()) {
            return node.isTextual() ? node.asText() : node.toString();
        }
        List<String> items = new ArrayList<>();
        node.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
        return String.join(", ", items);
    }

    private static String join(String path, String property) {
        if (property == null) {
            return path;
        }
        return ".".equals(path) ? "." + property : path + "." + property;
    }

    /** "$.auth.enabled" or "$['a b'][0]" → ".auth.enabled", ".a b[0]"; the root is ".". */
    static String jqPath(String location) {
        String p = location.startsWith("$") ? location.substring(1) : location;
        p = p.replaceAll("\\['([^']*)'\\]", ".$1");
        return p.isEmpty() ? "." : p;
    }
}
