package org.redischart.chartgen.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * chartgen reads every YAML 1.1/1.2 edge spelling exactly as Helm does: each spelling is written
 * as a value (and as a key) into a values file, read by the real Helm engine through a probe
 * chart that prints the Go kind and JSON of what it got, and by {@link YamlReader}. Both read
 * the same value, or both refuse the file.
 */
class YamlHelmParityTest {
    private static final Path PROBE = RepoLayout.testResources().resolve("yaml-probe");
    private static final Pattern LINE = Pattern.compile("(?m)^  \"(.*)\": \"(\\w+) (.*)\"$");

    @TempDir
    Path work;

    static List<String> spellings() {
        return List.of(
                // YAML 1.1 booleans (go-yaml v2) and near misses
                "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "NO", "on", "On", "ON", "off", "Off", "OFF",
                "true", "True", "TRUE", "false", "False", "tRue", "yES", "oN",
                // nulls
                "~", "null", "Null", "NULL", "\"\"", "nULL",
                // integers in every base, signs, underscores
                "0", "-0", "+12", "017", "0777", "09", "08.5", "0o17", "0O17", "0x1F", "0X1f", "-0x1F", "+0x1F",
                "0x_1F", "0b101", "0B101", "-0b101", "+0b101", "0b102", "1_000", "1__0", "_1", "0_7", "1_0.5",
                "3600000", "2147483647", "2147483648", "-2147483648", "9007199254740993",
                "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551615",
                "+18446744073709551615", "18446744073709551616", "0xFFFFFFFFFFFFFFFF", "0x1FFFFFFFFFFFFFFFF",
                // sexagesimal (YAML 1.1) stays text in go-yaml v2
                "1:30", "-1:30", "1:30.5", "190:20:30",
                // floats
                "1e3", "1E3", "1e+3", "1.5e-3", ".5", "-.5", "+.5", "1.", "0.1", "1e400", "-1e400", "1e-400",
                "1.0", "6.0e+06", "0x1p3", "1e", ".e3", "._5",
                // special floats: Helm cannot turn them into JSON
                ".inf", "-.inf", "+.inf", ".Inf", ".INF", "-.Inf", ".nan", ".NaN", ".NAN",
                "Infinity", "NaN", "inf", "nan", ".infinity",
                // timestamps stay text
                "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2002-12-14T00:00:00Z",
                // explicit tags and quoting
                "'y'", "\"0x1F\"", "!!str 17", "!!str yes", "!!int \"17\"", "!!float 1", "!!bool yes",
                "!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!!null ''",
                // flow values
                "[y, 0o17, 1:30]", "{a: on}");
    }

    @ParameterizedTest(name = "value {0}")
    @MethodSource("spellings")
    void aValueReadsAsHelmReadsIt(String spelling) throws IOException {
        assertSameReading("cases:\n  k: " + spelling + "\n");
    }

    static Stream<String> keySpellings() {
        return Stream.of("y", "on", "no", "1", "0x10", "0o17", "1.5", "1e3", ".5", "1e400", "~", "null", "3600000",
                "2001-12-14", "12345678901234567890", "1e21", "1e-7", "'on'", "1:30", "-.inf");
    }

    @ParameterizedTest(name = "key {0}")
    @MethodSource("keySpellings")
    void aKeyReadsAsHelmReadsIt(String spelling) throws IOException {
        assertSameReading("cases:\n  " + spelling + ": v\n");
    }

    private void assertSameReading(String yaml) throws IOException {
        Path file = Files.writeString(work.resolve("values.yaml"), yaml);
        String helm;
        try {
            helm = reading(new Helm(PROBE).template().withName("r").withValuesFile(file).call());
        } catch (RuntimeException e) {
            helm = "refused";
        }
        String java;
        try {
            java = reading(new YamlReader().read(file).path("cases"));
        } catch (InvalidInputException e) {
            assertThat(e.problems()).allSatisfy(p -> assertThat(p).startsWith(file + ":").doesNotContain("Exception"));
            java = "refused";
        }
        assertThat(java).as("chartgen's reading of\n%s", yaml).isEqualTo(helm);
    }

    /** "key=kind json" per case, from the probe chart's ConfigMap. */
    private static String reading(String rendered) {
        StringBuilder out = new StringBuilder();
        Matcher m = LINE.matcher(rendered);
        while (m.find()) {
            out.append(m.group(1)).append('=').append(m.group(2)).append(' ')
                    .append(m.group(3).replace("\\\"", "\"").replace("\\\\", "\\")).append('\n');
        }
        return out.toString();
    }

    private static String reading(JsonNode cases) {
        StringBuilder out = new StringBuilder();
        List<String> keys = new java.util.ArrayList<>();
        cases.fieldNames().forEachRemaining(keys::add);
        keys.stream().sorted().forEach(k -> out.append(k).append('=').append(goKind(cases.get(k))).append(' ')
                .append(goJson(cases.get(k))).append('\n'));
        return out.toString();
    }

    private static String goKind(JsonNode v) {
        if (v.isNull()) {
            return "invalid";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isNumber()) {
            return "float64";
        }
        if (v.isTextual()) {
            return "string";
        }
        return v.isArray() ? "slice" : "map";
    }

    private static String goJson(JsonNode v) {
        if (v.isNumber()) {
            return HelmScalars.goFormat(v.doubleValue());
        }
        if (v.isArray()) {
            List<String> items = new java.util.ArrayList<>();
            v.forEach(i -> items.add(goJson(i)));
            return "[" + String.join(",", items) + "]";
        }
        if (v.isObject()) {
            List<String> items = new java.util.ArrayList<>();
            v.fields().forEachRemaining(e -> items.add("\"" + e.getKey() + "\":" + goJson(e.getValue())));
            return "{" + String.join(",", items) + "}";
        }
        return v.toString();
    }
}
