package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.JsonTrees;
import org.redischart.chartgen.input.YamlDocument;
import org.redischart.chartgen.input.YamlReader;

/**
 * Validates users' values files the way Helm will: merged in order over the chart's
 * values.yaml, checked against the chart's values.schema.json. Each violation is reported
 * against the file, line and column that set the offending value.
 */
public final class ValuesFileValidator {
    public static final String CHART_VALUES = "values.yaml";
    public static final String CHART_SCHEMA = "values.schema.json";
    private static final String SOURCE_DIALECT = "https://json-schema.org/draft/2020-12/schema";
    /** The values file name that means standard input, as in Helm's {@code -f -}. */
    public static final String STDIN = "-";
    static final String NULL_REMOVES = "cannot be null: null removes the chart's default and the chart needs a value here;"
            + " set a value or leave the key out";

    /** Beyond this many schema violations the cross-field rules wait for a better file (a pathological one costs a second validation). */
    private static final int MAX_PATCHED = 20;
    /** Nor beyond this many values in the files: a huge file is not validated twice. */
    private static final int MAX_PATCHED_NODES = 2000;

    private final YamlReader reader = new YamlReader();
    private final SchemaValidators validators = new SchemaValidators();
    private final List<ValuesRule> rules;
    private InputStream stdin;
    private ChartFiles cachedFor;
    private JsonSchema compiledSchema;
    private JsonNode chartDefaults;

    /**
     * @param rules checks run on the merged values once they satisfy the schema
     * @param stdin read for the values file named {@code -}
     */
    public ValuesFileValidator(List<ValuesRule> rules, InputStream stdin) {
        this.rules = List.copyOf(rules);
        this.stdin = stdin;
    }

    public ValuesFileValidator(List<ValuesRule> rules) {
        this(rules, InputStream.nullInputStream());
    }

    public ValuesFileValidator() {
        this(List.of());
    }

    /** Every problem as a one-line message; empty when the files are valid. */
    public List<String> validate(List<Path> valuesFiles, Path chartDir) {
        return validate(valuesFiles.stream().map(Path::toString).toList(), ChartFiles.directory(chartDir));
    }

    /**
     * @param valuesFiles paths, or {@code -} for standard input
     * @return every problem as a one-line message; empty when the files are valid
     */
    public List<String> validate(List<String> valuesFiles, ChartFiles chart) {
        if (chart != cachedFor) {
            JsonNode schemaDocument = readSchema(chart);
            if (schemaDocument instanceof ObjectNode document) {
                // values.schema.json declares draft-07 for Helm's sake (it means the same under
                // 2020-12, the source schema's dialect); chartgen keeps the 2020-12 validator.
                document.put("$schema", SOURCE_DIALECT);
            }
            compiledSchema = validators.forSchema(schemaDocument);
            byte[] valuesYaml = chart.read(CHART_VALUES);
            JsonNode cached = chart.cachedValues(valuesYaml);
            chartDefaults = cached != null ? cached : reader.readTree(chart.name(CHART_VALUES), valuesYaml);
            cachedFor = chart;
        }
        JsonNode merged = chartDefaults;
        List<String> problems = new ArrayList<>();
        List<YamlDocument> documents = new ArrayList<>();
        ValuesMerger merger = new ValuesMerger();
        for (String file : valuesFiles) {
            YamlDocument document;
            try {
                document = STDIN.equals(file) ? reader.read("<stdin>", readStdin()) : reader.readDocument(Path.of(file));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
                continue;
            }
            if (!document.root().isObject()) {
                problems.add(document.name() + ": .: expected a mapping of values, found " + ViolationFormatter.shown(document.root()));
                continue;
            }
            documents.add(document);
            merged = merger.merge(merged, document.root());
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        List<Violation> violations = new ArrayList<>(validators.violations(compiledSchema, merged));
        boolean small = violations.size() <= MAX_PATCHED
                && documents.stream().mapToInt(d -> d.positions().size()).sum() <= MAX_PATCHED_NODES;
        JsonNode checkable = violations.isEmpty() ? merged : small ? withDefaultsWhereInvalid(merged, violations) : null;
        if (checkable != null) {
            for (ValuesRule rule : rules) {
                violations.addAll(rule.check(checkable, chartDefaults));
            }
        }
        String defaults = chart.name(CHART_VALUES);
        List<String> located = new ArrayList<>();
        for (Violation v : violations) {
            if ("is required but missing".equals(v.message()) && setToNull(v.path(), documents)) {
                v = new Violation(v.path(), NULL_REMOVES);
            }
            located.add(v.describeIn(originOf(v.path(), documents, defaults)));
        }
        List<String> order = new ArrayList<>(documents.stream().map(YamlDocument::name).toList());
        located.sort(java.util.Comparator.comparing((String line) -> position(line, order)));
        problems.addAll(located);
        return problems;
    }

    /**
     * The merged values with each value the schema refused put back to the chart's default (or
     * removed when it has none), so the cross-field rules can report in the same run; null when
     * that still does not satisfy the schema (the rules then wait for a valid file).
     */
    private JsonNode withDefaultsWhereInvalid(JsonNode merged, List<Violation> violations) {
        JsonNode patched = merged.deepCopy();
        for (Violation v : violations) {
            String at = pointer(v.path());
            int cut = at.lastIndexOf('/');
            if (cut < 0 || at.length() <= 1) {
                return null;
            }
            JsonNode parent = patched.at(at.substring(0, cut));
            String key = at.substring(cut + 1).replace("~1", "/").replace("~0", "~");
            JsonNode fallback = chartDefaults.at(at);
            if (parent instanceof ObjectNode object) {
                if (fallback.isMissingNode()) {
                    object.remove(key);
                } else {
                    object.set(key, fallback.deepCopy());
                }
            } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode array && key.matches("\\d+")
                    && !fallback.isMissingNode() && Integer.parseInt(key) < array.size()) {
                array.set(Integer.parseInt(key), fallback.deepCopy());
            } else {
                return null;
            }
        }
        return validators.violations(compiledSchema, patched).isEmpty() ? patched : null;
    }

    /** Sort key of a problem line: the values file's place among those given, then line and column. */
    private static String position(String line, List<String> files) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*?):(\\d+):(\\d+): ").matcher(line);
        if (!m.find()) {
            return String.format("%04d", files.size()) + line;
        }
        int file = files.indexOf(m.group(1));
        return String.format("%04d:%09d:%09d", file < 0 ? files.size() : file, Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)));
    }

    /** Validates values given as bytes (one values file), reusing the chart read by the last call for the same chart. */
    public List<String> validate(byte[] values, ChartFiles chart) {
        stdin = new java.io.ByteArrayInputStream(values);
        return validate(List.of(STDIN), chart);
    }

    private byte[] readStdin() {
        try {
            return stdin.readNBytes((int) YamlReader.MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidInputException("<stdin>: cannot read: " + e.getMessage());
        }
    }

    /** A required value that the last file to mention it set to null: Helm deleted the default. */
    private static boolean setToNull(String path, List<YamlDocument> documents) {
        for (int i = documents.size() - 1; i >= 0; i--) {
            JsonNode node = documents.get(i).root().at(pointer(path));
            if (!node.isMissingNode()) {
                return node.isNull();
            }
        }
        return false;
    }

    /** "file:line:column" of the last file that set the value or its nearest ancestor. */
    private static String originOf(String path, List<YamlDocument> documents, String fallback) {
        for (String candidate = path; !candidate.isEmpty() && !".".equals(candidate); candidate = parent(candidate)) {
            for (int i = documents.size() - 1; i >= 0; i--) {
                if (!documents.get(i).root().at(pointer(candidate)).isMissingNode()) {
                    return documents.get(i).locate(candidate);
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

    /**
     * values.schema.json is JSON (Helm reads it as JSON): Jackson's JSON parser reads it several
     * times faster than the YAML reader on a cold start.
     */
    private static JsonNode readSchema(ChartFiles chart) {
        try {
            return JsonTrees.read(chart.read(CHART_SCHEMA));
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            throw new InvalidInputException(chart.name(CHART_SCHEMA) + ": expected JSON, found a document that is not: "
                    + (newline < 0 ? message : message.substring(0, newline)));
        }
    }
}
