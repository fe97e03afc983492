package org.redischart.chartgen.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.JsonTrees;
import org.redischart.chartgen.input.StrictMappers;
import org.redischart.chartgen.input.YamlReader;

/**
 * The named sizes from {@code schema/presets.yaml}, in file order, each sized with the default α.
 * The chart carries the same table as JSON in a define ({@link #goTemplateDefine()}).
 */
public record PresetTable(Alpha defaultAlpha, String defaultName, List<Preset> presets) {
    private static final String DEFINE = "{{- define \"redis.sizing.presets\" -}}";

    public PresetTable {
        presets = List.copyOf(presets);
        if (presets.stream().noneMatch(p -> p.name().equals(defaultName))) {
            throw new IllegalArgumentException("default preset " + defaultName + " is not in the table");
        }
    }

    public static PresetTable load(Path file) {
        return parse(file.toString(), new YamlReader().read(file));
    }

    /**
     * Reads {@code alpha}, {@code default} and {@code presets: {name: {cpu, memory}}}.
     *
     * @throws InvalidInputException listing every problem as {@code file: .path: expected ..., found ...}
     */
    public static PresetTable parse(String fileName, String yaml) {
        return parse(fileName, StrictMappers.readYaml(fileName, yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static PresetTable parse(String fileName, JsonNode root) {
        List<String> problems = new ArrayList<>();
        String prefix = fileName + ": ";
        Alpha alpha = collect(problems, prefix, () -> Alpha.parse(".alpha", scalar(root, "alpha")));
        String defaultName = root.path("default").asText("");
        List<Preset> presets = new ArrayList<>();
        JsonNode sizes = root.path("presets");
        if (!sizes.isObject() || sizes.isEmpty()) {
            problems.add(prefix + ".presets: expected a map of name to {cpu, memory}, found " + sizes);
        }
        for (Map.Entry<String, JsonNode> size : sizes.properties()) {
            String path = ".presets." + size.getKey();
            Figures required = collect(problems, prefix, () -> new Figures(
                    CpuQuantity.parse(path + ".cpu", scalar(size.getValue(), "cpu")),
                    MemoryQuantity.parse(path + ".memory", scalar(size.getValue(), "memory"))));
            if (required != null && alpha != null) {
                presets.add(new Preset(size.getKey(), required, MarginModel.uniform(alpha).apply(required)));
            }
        }
        if (!sizes.has(defaultName)) {
            problems.add(prefix + ".default: expected one of the preset names, found \"" + defaultName + "\"");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new PresetTable(alpha, defaultName, presets);
    }

    public Optional<Preset> find(String name) {
        return presets.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Preset defaultPreset() {
        return find(defaultName).orElseThrow();
    }

    public List<String> names() {
        return presets.stream().map(Preset::name).toList();
    }

    /**
     * The table as JSON, integers in canonical units, e.g. {@code {"alpha":5000,"default":"micro",
     * "order":["nano",...],"sizes":{"nano":{"cpuMilli":100,"memoryMi":128},...}}}.
     */
    public String json() {
        String order = presets.stream().map(p -> quote(p.name())).collect(Collectors.joining(","));
        String sizes = presets.stream()
                .map(p -> quote(p.name()) + ":{\"cpuMilli\":" + p.required().cpu().millicores()
                        + ",\"memoryMi\":" + p.required().memory().mebibytes() + "}")
                .collect(Collectors.joining(","));
        return "{\"alpha\":" + defaultAlpha.tenThousandths() + ",\"default\":" + quote(defaultName)
                + ",\"order\":[" + order + "],\"sizes\":{" + sizes + "}}";
    }

    /**
     * The {@code redis.sizing.presets} define of {@code _sizing.tpl}: the table as JSON text, which
     * {@link #fromChart} reads back, so {@code chartgen validate} sizes with the table of the chart
     * it validates against.
     */
    public String goTemplateDefine() {
        return "{{/* The preset table chartgen computed from schema/presets.yaml: required figures per size,\n"
                + "    in millicores and mebibytes, and the default alpha in ten-thousandths. */}}\n"
                + DEFINE + "\n" + json() + "\n{{- end -}}\n";
    }

    /**
     * The table a chart carries in {@code templates/_sizing.tpl}.
     *
     * @throws InvalidInputException when the chart has no readable table
     */
    public static PresetTable fromChart(String sizingTplName, String sizingTpl) {
        int start = sizingTpl.indexOf(DEFINE);
        int end = start < 0 ? -1 : sizingTpl.indexOf("{{- end -}}", start);
        if (end < 0) {
            throw new InvalidInputException(sizingTplName + ": expected the redis.sizing.presets table, found none");
        }
        try {
            JsonNode root = JsonTrees.read(sizingTpl.substring(start + DEFINE.length(), end));
            List<Preset> presets = new ArrayList<>();
            Alpha alpha = Alpha.ofTenThousandths(root.path("alpha").asInt());
            for (JsonNode name : root.path("order")) {
                JsonNode size = root.path("sizes").path(name.asText());
                Figures required = new Figures(CpuQuantity.ofMillicores(size.path("cpuMilli").asLong()),
                        MemoryQuantity.ofMebibytes(size.path("memoryMi").asLong()));
                presets.add(new Preset(name.asText(), required, MarginModel.uniform(alpha).apply(required)));
            }
            return new PresetTable(alpha, root.path("default").asText(), presets);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(sizingTplName + ": cannot read the redis.sizing.presets table: " + e.getMessage());
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Object scalar(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.decimalValue() : value.asText("");
    }

    private static <T> T collect(List<String> problems, String prefix, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> problems.add(prefix + p));
            return null;
        }
    }
}
