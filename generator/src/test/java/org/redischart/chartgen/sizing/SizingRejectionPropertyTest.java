package org.redischart.chartgen.sizing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * Java and the chart reject the same inputs with the same message: near-miss spellings (bad
 * units, signs, too many decimals, out of range) are rendered one per values file, since a
 * failing render stops at the first error. Seed: -Dsizing.seed=N; count: -Dsizing.rejections=N.
 */
class SizingRejectionPropertyTest {
    private static final long SEED = Long.getLong("sizing.seed", 20261125L);
    private static final int CASES = Integer.getInteger("sizing.rejections", 150);
    private static final List<String> NOISE = List.of("-", "+", ".", "e", "E", "e-", "e+1", "i", "m", "Mi", "Gi",
            "Ti", "Pi", "k", "K", "mb", "0", "9", "0000000000", " ", "x", "1e3", "e999");

    private static final List<String> FIELDS = List.of(
            "resources.required.memory", "resources.required.cpu", "resources.alpha", "resources.cpuAlpha");

    private final PresetTable table = PresetTableTest.schemaTable();
    private Path values;

    @Test
    void javaAndChartRejectTheSameInputsWithTheSameMessage(@TempDir Path dir) throws IOException {
        values = dir.resolve("values.yaml");
        System.out.println("SizingRejectionPropertyTest: seed " + SEED + " (-Dsizing.seed), " + CASES + " cases");
        Random random = new Random(SEED);
        SpellingGenerator spell = new SpellingGenerator(random);
        int checked = 0;
        int rejected = 0;
        while (checked < CASES) {
            String field = FIELDS.get(random.nextInt(FIELDS.size()));
            String text = mutate(random, valid(field, spell).java().toString());
            String javaMessage = javaMessage(field, text);
            String chartMessage = chartMessage(field, text);
            boolean agree = javaMessage == null ? chartMessage == null
                    : chartMessage != null && chartMessage.contains(javaMessage);
            if (!agree) {
                fail("first counterexample (seed " + SEED + "): " + field + ": \"" + text + "\""
                        + "\n  java:  " + javaMessage + "\n  chart: " + chartMessage);
            }
            checked++;
            rejected += javaMessage == null ? 0 : 1;
        }
        System.out.println("SizingRejectionPropertyTest: " + rejected + " rejected and "
                + (checked - rejected) + " accepted alike by Java and the chart");
    }

    private static Spelling valid(String field, SpellingGenerator spell) {
        return switch (field) {
            case "resources.required.memory" -> spell.memory();
            case "resources.required.cpu" -> spell.cpu();
            default -> spell.alpha();
        };
    }

    /** Inserts, replaces or deletes a random token, or keeps the text (which must then be valid in both). */
    private static String mutate(Random random, String text) {
        String noise = NOISE.get(random.nextInt(NOISE.size()));
        int at = random.nextInt(text.length() + 1);
        return switch (random.nextInt(4)) {
            case 0 -> text.substring(0, at) + noise + text.substring(at);
            case 1 -> noise + text;
            case 2 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text + noise;
            default -> text + noise;
        };
    }

    private String javaMessage(String field, String text) {
        try {
            SizingChart.javaResolve(table, field, text);
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    /**
     * The chart's message, or null when it renders. The text goes in a values file as a quoted
     * string: --set would type "+0" as the integer 0 before the template sees it.
     */
    private String chartMessage(String field, String text) throws IOException {
        String[] path = field.substring("resources.".length()).split("\\.");
        String quoted = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        Files.writeString(values, "resources:\n  " + (path.length == 2
                ? path[0] + ": {" + path[1] + ": " + quoted + "}" : path[0] + ": " + quoted) + "\n");
        try {
            SizingChart.render(values, Map.of());
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
