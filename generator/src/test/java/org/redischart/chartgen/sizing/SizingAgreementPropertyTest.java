package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java's sizing and the chart's _sizing.tpl agree: many random resources blocks, spelled every
 * accepted way, sized in one Helm render and compared line by line with the Java model.
 * Override the seed with -Dsizing.seed=N and the count with -Dsizing.cases=N.
 */
class SizingAgreementPropertyTest {
    private static final long SEED = Long.getLong("sizing.seed", 20261125L);
    private static final int CASES = Integer.getInteger("sizing.cases", 2000);

    private final PresetTable table = PresetTableTest.schemaTable();

    @Test
    void javaAndChartSizeEveryGeneratedInputIdentically(@TempDir Path dir) throws IOException {
        System.out.println("SizingAgreementPropertyTest: seed " + SEED + " (-Dsizing.seed), " + CASES + " cases");
        Random random = new Random(SEED);
        SpellingGenerator spell = new SpellingGenerator(random);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(randomCase(random, spell));
        }
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, valuesYaml(cases));

        String rendered;
        try {
            rendered = SizingChart.render(values, Map.of());
        } catch (RuntimeException e) {
            fail("chart rejected a case Java accepts: " + e.getMessage() + "\n" + caseNamedIn(e.getMessage(), cases), e);
            return;
        }
        Map<Integer, String> chart = chartLines(rendered);
        assertThat(chart).hasSize(CASES);
        for (int i = 0; i < CASES; i++) {
            String java = javaLine(i, cases.get(i));
            if (!java.equals(chart.get(i))) {
                fail("first counterexample (seed " + SEED + "), case " + i + ": " + yaml(cases.get(i))
                        + "\n  java:  " + java + "\n  chart: " + chart.get(i));
            }
        }
    }

    private Map<String, Object> randomCase(Random random, SpellingGenerator spell) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (random.nextInt(5) == 0) {
            c.put("preset", Spelling.string(table.names().get(random.nextInt(table.names().size()))));
        }
        Map<String, Object> required = new LinkedHashMap<>();
        if (random.nextInt(10) != 0) {
            required.put("cpu", spell.cpu());
        }
        if (random.nextInt(10) != 0) {
            required.put("memory", spell.memory());
        }
        c.put("required", required);
        if (random.nextInt(10) < 7) {
            c.put("alpha", spell.alpha());
        }
        if (random.nextInt(5) == 0) {
            c.put("cpuAlpha", spell.alpha());
        }
        if (random.nextInt(5) == 0) {
            c.put("memoryAlpha", spell.alpha());
        }
        if (random.nextInt(4) == 0) {
            int percent = Headroom.MIN_PERCENT + random.nextInt(Headroom.MAX_PERCENT - Headroom.MIN_PERCENT + 1);
            c.put("maxmemoryPercent", random.nextBoolean() ? Spelling.number(Integer.toString(percent))
                    : Spelling.string(Integer.toString(percent)));
        }
        if (random.nextInt(8) == 0 && required.containsKey("memory")) {
            // requests = limits (Guaranteed QoS): the headroom rule caps maxmemory
            c.put("requests", new LinkedHashMap<>(Map.of("memory", required.get("memory"))));
            c.put("limits", new LinkedHashMap<>(Map.of("memory", required.get("memory"))));
        }
        return c;
    }

    private String javaLine(int index, Map<String, Object> c) {
        Resources r = new SizingResolver(table).resolve(ResourceValues.from("cases[" + index + "]", javaValues(c)));
        return r.requests().cpu() + " " + r.requests().memory() + " " + r.limits().cpu() + " "
                + r.limits().memory() + " " + r.redisMaxmemory();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> javaValues(Map<String, Object> c) {
        Map<String, Object> out = new LinkedHashMap<>();
        c.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? javaValues((Map<String, Object>) m)
                : ((Spelling) v).java()));
        return out;
    }

    private static String valuesYaml(List<Map<String, Object>> cases) {
        StringBuilder s = new StringBuilder("cases:\n");
        cases.forEach(c -> s.append("  - ").append(yaml(c)).append('\n'));
        return s.toString();
    }

    /** A case as one YAML flow mapping, exactly as written into values.yaml. */
    private static String yaml(Map<String, Object> c) {
        List<String> entries = new ArrayList<>();
        c.forEach((k, v) -> entries.add(k + ": " + (v instanceof Map<?, ?> m ? yaml(castMap(m)) : v)));
        return "{" + String.join(", ", entries) + "}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static Map<Integer, String> chartLines(String rendered) {
        Map<Integer, String> lines = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^    (\\d+) (.*)$").matcher(rendered);
        while (m.find()) {
            lines.put(Integer.parseInt(m.group(1)), m.group(2).strip());
        }
        return lines;
    }

    private static String caseNamedIn(String message, List<Map<String, Object>> cases) {
        Matcher m = Pattern.compile("cases\\[(\\d+)]").matcher(String.valueOf(message));
        return m.find() ? "case " + m.group(1) + ": " + yaml(cases.get(Integer.parseInt(m.group(1)))) : "";
    }
}
