package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;

/** Turns the validator's messages into {@link Violation}s phrased as "expected …, found …". */
final class ViolationFormatter {
    private static final int MAX_SHOWN = 80;

    Violation format(ValidationMessage message) {
        String path = jqPath(message.getInstanceLocation().toString());
        JsonNode found = message.getInstanceNode();
        JsonNode rule = message.getSchemaNode();
        String type = message.getType();
        return switch (type) {
            case "additionalProperties" -> new Violation(
                    join(path, message.getProperty()),
                    "unknown key; expected one of " + allowedKeys(rule));
            case "required" -> new Violation(
                    join(path, message.getProperty()), "is required but missing");
            case "type" -> new Violation(path, "expected " + typeOf(rule) + ", found " + shown(found));
            case "enum" -> new Violation(path, "expected one of " + list(rule.get("enum")) + ", found " + shown(found));
            case "const" -> new Violation(path, "expected " + rule.get("const") + ", found " + shown(found));
            case "minimum" -> bound(path, ">=", rule.get("minimum"), found);
            case "maximum" -> bound(path, "<=", rule.get("maximum"), found);
            case "exclusiveMinimum" -> bound(path, ">", rule.get("exclusiveMinimum"), found);
            case "exclusiveMaximum" -> bound(path, "<", rule.get("exclusiveMaximum"), found);
            case "pattern" -> new Violation(path,
                    "expected a string matching " + rule.get("pattern").asText() + ", found " + shown(found));
            case "maxLength" -> new Violation(path,
                    "expected at most " + rule.get("maxLength") + " characters, found " + found.asText().length());
            case "minLength" -> new Violation(path,
                    "expected at least " + rule.get("minLength") + " characters, found " + shown(found));
            case "minItems" -> new Violation(path,
                    "expected at least " + rule.get("minItems") + " items, found " + found.size());
            case "maxItems" -> new Violation(path,
                    "expected at most " + rule.get("maxItems") + " items, found " + found.size());
            case "uniqueItems" -> new Violation(path, "expected unique items, found " + shown(found));
            case "contains" -> new Violation(path,
                    "expected an item matching " + rule.get("contains") + ", found " + shown(found));
            case "not" -> new Violation(path, "expected anything but " + rule.get("not") + ", found " + shown(found));
            default -> new Violation(path, message.getMessage().replaceFirst("^\\S+: ", ""));
        };
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

    private static String typeOf(JsonNode rule) {
        JsonNode type = rule.get("type");
        if (type != null && type.isArray()) {
            return list(type);
        }
        return type == null ? "a different type" : type.asText();
    }

    private static String allowedKeys(JsonNode rule) {
        JsonNode properties = rule == null ? null : rule.get("properties");
        if (properties == null || properties.isEmpty()) {
            return "no other keys";
        }
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String list(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
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
