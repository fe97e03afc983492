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
 */
public final class GuaranteeRules implements ValuesRule {
    /** The first word of a redis.conf line, quoted or not (as the template's regexFind). */
    private static final Pattern DIRECTIVE = Pattern.compile("^(\"[^\"]*\"|'[^']*'|[^\\s\"']+)");

    private final Map<String, String> owned;

    /** @param owned each redis.conf directive the chart writes or passes itself, and what to do instead ({@link RuleBook#ownedDirectives}) */
    public GuaranteeRules(Map<String, String> owned) {
        this.owned = Map.copyOf(owned);
    }

    @Override
    public List<Violation> check(JsonNode values) {
        List<Violation> problems = new ArrayList<>();
        String[] lines = values.at("/redis/extraConfig").asText("").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String directive = directive(lines[i]);
            String instead = owned.get(directive);
            if (instead != null) {
                problems.add(new Violation(".redis.extraConfig", "line " + (i + 1) + " sets " + directive
                        + ", which the chart sets itself; " + instead));
            }
        }
        return problems;
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
