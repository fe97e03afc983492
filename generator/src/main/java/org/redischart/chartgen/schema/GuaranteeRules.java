package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * redis.conf lines in {@code redis.extraConfig} overriding a setting the chart owns (Redis
 * keeps the last line, and extraConfig comes last), which would silently undo what the chart
 * guarantees. The chart refuses the same ones in {@code redis.validateGuarantees} of
 * {@code _validate.tpl}, word for word: both take the list the generator derives from
 * {@code schema/rules.yaml} ({@code chartOwned}) and the schema's {@code x-redis-directive}s.
 * Likewise a directive only the other engine reads ({@code engineOnly}), on which the server
 * would not start.
 */
public final class GuaranteeRules implements ValuesRule {
    /** The first word of a redis.conf line, quoted or not (as the template's regexFind). */
    private static final Pattern DIRECTIVE = Pattern.compile("^(\"[^\"]*\"|'[^']*'|[^\\s\"']+)");

    private final Map<String, String> owned;
    private final Map<String, ? extends Map<String, String>> engineOnly;

    /**
     * @param owned each redis.conf directive the chart writes or passes itself, and what to do instead ({@link RuleBook#ownedDirectives})
     * @param engineOnly the directives only one engine reads, by engine, each with what it is ({@link RuleBook#engineOnlyDirectives})
     */
    public GuaranteeRules(Map<String, String> owned, Map<String, ? extends Map<String, String>> engineOnly) {
        this.owned = Map.copyOf(owned);
        this.engineOnly = Map.copyOf(engineOnly);
    }

    @Override
    public List<Violation> check(JsonNode values) {
        List<Violation> problems = new ArrayList<>();
        String[] lines = values.at("/redis/extraConfig").asText("").split("\n", -1);
        String engine = values.at("/engine").asText("redis");
        for (int i = 0; i < lines.length; i++) {
            String directive = directive(lines[i]);
            String instead = owned.get(directive);
            if (instead != null) {
                problems.add(new Violation(".redis.extraConfig", "line " + (i + 1) + " sets " + directive
                        + ", which the chart sets itself; " + instead));
            }
            for (Map.Entry<String, ? extends Map<String, String>> only : new java.util.TreeMap<>(engineOnly).entrySet()) {
                String what = only.getValue().get(directive);
                if (what != null && !only.getKey().equals(engine)) {
                    problems.add(new Violation(".redis.extraConfig", "line " + (i + 1) + " sets " + directive + " (" + what
                            + "), which only " + title(only.getKey()) + " reads: " + title(engine)
                            + " would not start; remove it or set engine=" + only.getKey()));
                }
            }
        }
        return problems;
    }

    /** An engine's name as texts spell it: redis → Redis. */
    private static String title(String engine) {
        return engine.isEmpty() ? engine : Character.toUpperCase(engine.charAt(0)) + engine.substring(1);
    }

    /** The directive a redis.conf line sets, lower-cased as Redis compares it; "" for none. */
    static String directive(String line) {
        Matcher m = DIRECTIVE.matcher(line.strip());
        if (!m.find()) {
            return "";
        }
        return m.group(1).replaceAll("^[\"']+|[\"']+$", "").toLowerCase(Locale.ROOT);
    }
}
