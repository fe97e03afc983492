package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates users' values files the way Helm will: merged in order over the chart's
 * values.yaml, checked against the chart's values.schema.json. Each violation is reported
 * against the file that set the offending value.
 */
public final class ValuesFileValidator {
    public static final String CHART_VALUES = "values.yaml";
    public static final String CHART_SCHEMA = "values.schema.json";

    private final YamlReader reader = new YamlReader();
    private final SchemaValidators validators = new SchemaValidators();
    private final List<ValuesRule> rules;

    /** @param rules checks run on the merged values once they satisfy the schema */
    public ValuesFileValidator(List<ValuesRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public ValuesFileValidator() {
        this(List.of());
    }

    /** Every problem as a one-line message; empty when the files are valid. */
    public List<String> validate(List<Path> valuesFiles, Path chartDir) {
        JsonNode schema = reader.read(chartDir.resolve(CHART_SCHEMA));
        JsonNode chartDefaults = reader.read(chartDir.resolve(CHART_VALUES));
        JsonNode merged = chartDefaults;
        List<String> problems = new ArrayList<>();
        List<NamedDocument> documents = new ArrayList<>();
        ValuesMerger merger = new ValuesMerger();
        for (Path file : valuesFiles) {
            JsonNode values;
            try {
                values = reader.read(file);
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
                continue;
            }
            if (!values.isObject()) {
                problems.add(file + ": .: expected a mapping of values, found " + ViolationFormatter.shown(values));
                continue;
            }
            documents.add(new NamedDocument(file.toString(), values));
            merged = merger.merge(merged, values);
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        List<Violation> violations = new ArrayList<>(validators.violations(validators.forSchema(schema), merged));
        if (violations.isEmpty()) {
            for (ValuesRule rule : rules) {
                violations.addAll(rule.check(merged, chartDefaults));
            }
        }
        String defaults = chartDir.resolve(CHART_VALUES).toString();
        for (Violation v : violations) {
            problems.add(v.describeIn(originOf(v.path(), documents, defaults)));
        }
        return problems;
    }

    private static String originOf(String path, List<NamedDocument> documents, String fallback) {
        for (String candidate = path; !candidate.isEmpty() && !".".equals(candidate); candidate = parent(candidate)) {
            for (int i = documents.size() - 1; i >= 0; i--) {
                if (!documents.get(i).root().at(pointer(candidate)).isMissingNode()) {
                    return documents.get(i).name();
                }
            }
        }
        return fallback;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** ".a.b[0]" → "/a/b/0". */
    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1").replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }

    private record NamedDocument(String name, JsonNode root) {
    }
}
