package org.redischart.chartgen.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.redischart.chartgen.testing.Scenarios;

/** Secrets stay in Secrets: never in ConfigMaps, env literals or command lines. */
final class SecretChecks {
    /** Names that say "this is a credential". */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(passw(or)?d|passwd|token|secret|api[-_]?key|credential|private[-_]?key).*");
    /**
     * Config lines that set a credential to a literal: redis.conf's requirepass/masterauth, or
     * key = value forms. A value read from a variable ({@code password=$(…)}, {@code "$X"}) is fine.
     */
    static final Pattern SECRET_LINE = Pattern.compile(
            "(?im)^\\s*(requirepass|masterauth|sentinel\\s+auth-pass|[a-z_.-]*(password|token|secret)[a-z_.-]*)"
                    + "\\s*[:= ]\\s*(?![\"']?\\$)\\S");
    /** Shorter passwords would match by accident; the chart's own are 32 characters. */
    private static final int MIN_SCANNED_PASSWORD = 8;

    private SecretChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("no secrets in ConfigMaps", SecretChecks::configMaps),
                new PolicyCheck("no secrets in env literals or command lines", SecretChecks::envAndArgs));
    }

    static List<String> configMaps(Scenarios.Rendered release) {
        List<String> out = new ArrayList<>();
        for (JsonNode map : release.manifests().ofKind("ConfigMap")) {
            String id = "ConfigMap/" + map.path("metadata").path("name").asText();
            for (Map.Entry<String, JsonNode> entry : map.path("data").properties()) {
                String value = entry.getValue().asText();
                if (SECRET_NAME.matcher(entry.getKey()).matches()) {
                    out.add(id + ": .data." + entry.getKey() + ": expected no credential keys in a ConfigMap, found one");
                }
                if (containsPassword(release, value)) {
                    out.add(id + ": .data." + entry.getKey() + ": expected no password, found the release's password");
                }
                var line = SECRET_LINE.matcher(value);
                if (line.find()) {
                    out.add(id + ": .data." + entry.getKey() + ": expected no credential settings, found \"" + line.group(1) + " …\"");
                }
            }
        }
        return out;
    }

    static List<String> envAndArgs(Scenarios.Rendered release) {
        List<String> out = new ArrayList<>();
        for (Workload w : Workload.in(release.manifests())) {
            for (JsonNode c : w.containers()) {
                for (JsonNode env : c.path("env")) {
                    String name = env.path("name").asText();
                    if (!env.has("value")) {
                        continue;
                    }
                    if (SECRET_NAME.matcher(name).matches()) {
                        out.add(w.where(c) + ": env " + name + ": expected valueFrom a Secret, found a literal value");
                    } else if (containsPassword(release, env.path("value").asText())) {
                        out.add(w.where(c) + ": env " + name + ": expected no password, found the release's password");
                    }
                }
                for (String field : List.of("command", "args")) {
                    for (JsonNode arg : c.path(field)) {
                        if (containsPassword(release, arg.asText())) {
                            out.add(w.where(c) + ": " + field + ": expected no password, found the release's password");
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean containsPassword(Scenarios.Rendered release, String text) {
        return release.password().filter(p -> p.length() >= MIN_SCANNED_PASSWORD).map(text::contains).orElse(false);
    }
}
