package org.redischart.chartgen.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.redischart.chartgen.schema.SchemaValidators;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * Validates objects of the prometheus-operator kinds and cert-manager's Certificate, which have no Java model, against the
 * JSON Schemas kept in test resources (crds/, written from the operator's API reference);
 * each kind's schema gets the shared definitions of crds/common.schema.yaml.
 */
final class CrdSchemas {
    static final Map<String, String> FILES = new TreeMap<>(Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", "servicemonitor.schema.yaml",
            "monitoring.coreos.com/v1/PodMonitor", "podmonitor.schema.yaml",
            "monitoring.coreos.com/v1/PrometheusRule", "prometheusrule.schema.yaml",
            "cert-manager.io/v1/Certificate", "certificate.schema.yaml"));
    private static final YAMLMapper YAML = new YAMLMapper();

    private final SchemaValidators validators = new SchemaValidators();
    private final Map<String, JsonSchema> schemas = new TreeMap<>();

    CrdSchemas() {
        Path dir = RepoLayout.testResources().resolve("crds");
        JsonNode common = read(dir.resolve("common.schema.yaml")).path("$defs");
        FILES.forEach((type, file) -> {
            ObjectNode schema = (ObjectNode) read(dir.resolve(file));
            schema.set("$defs", common.deepCopy());
            schemas.put(type, validators.forSchema(schema));
        });
    }

    boolean knows(String type) {
        return schemas.containsKey(type);
    }

    /** "{@code .spec.endpoints[0].interval: does not match …}" per violation; empty when valid. */
    List<String> problems(String type, JsonNode object) {
        return validators.violations(schemas.get(type), object).stream()
                .map(v -> v.path() + ": " + v.message()).toList();
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRD schema " + file, e);
        }
    }
}
