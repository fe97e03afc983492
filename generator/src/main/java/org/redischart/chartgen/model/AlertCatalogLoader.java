package org.redischart.chartgen.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.redischart.chartgen.input.InvalidInputException;

/** Reads and checks {@code schema/alerts.yaml}, reporting every problem as {@code file: .path: expected …, found …}. */
public final class AlertCatalogLoader {
    private static final Set<String> ALERT_KEYS = Set.of("name", "expr", "condition", "summary", "description", "runbook", "when");
    private static final Set<String> WHEN_KEYS = Set.of("architectures", "profiles", "persistence", "appendonly");
    private static final Set<String> PANEL_KEYS = Set.of("title", "expr", "unit");

    public AlertCatalog load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read alert set " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public AlertCatalog parse(String fileName, String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new InvalidInputException(fileName + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        List<AlertCatalog.Alert> alerts = new ArrayList<>();
        List<AlertCatalog.Panel> panels = new ArrayList<>();
        if (root == null || !root.path("alerts").isArray() || root.path("alerts").isEmpty()) {
            problems.add(fileName + ": .alerts: expected a list of alerts, found " + (root == null ? "nothing" : root.path("alerts")));
        } else {
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < root.path("alerts").size(); i++) {
                JsonNode a = root.path("alerts").get(i);
                String at = fileName + ": .alerts[" + i + "]";
                unknownKeys(a, ALERT_KEYS, at, problems);
                String name = text(a, "name", at, problems);
                if (!name.isEmpty() && !names.add(name)) {
                    problems.add(at + ".name: expected a name used once, found \"" + name + "\" again");
                }
                JsonNode w = a.path("when");
                unknownKeys(w, WHEN_KEYS, at + ".when", problems);
                AlertCatalog.When when = new AlertCatalog.When(strings(w.path("architectures")), strings(w.path("profiles")),
                        w.has("persistence") ? w.path("persistence").asBoolean() : null,
                        w.has("appendonly") ? w.path("appendonly").asBoolean() : null);
                alerts.add(new AlertCatalog.Alert(name, text(a, "expr", at, problems), text(a, "condition", at, problems),
                        text(a, "summary", at, problems), text(a, "description", at, problems),
                        text(a, "runbook", at, problems), when));
            }
        }
        for (int i = 0; i < root.path("panels").size(); i++) {
            JsonNode p = root.path("panels").get(i);
            String at = fileName + ": .panels[" + i + "]";
            unknownKeys(p, PANEL_KEYS, at, problems);
            panels.add(new AlertCatalog.Panel(text(p, "title", at, problems), text(p, "expr", at, problems),
                    text(p, "unit", at, problems)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new AlertCatalog(alerts, panels, text);
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String at, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(at + "." + key + ": expected one of " + new java.util.TreeSet<>(known) + ", found an unknown key");
            }
        }
    }

    private static String text(JsonNode node, String field, String at, List<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(at + "." + field + ": expected a non-empty string, found " + (value.isMissingNode() ? "none" : value));
            return "";
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
