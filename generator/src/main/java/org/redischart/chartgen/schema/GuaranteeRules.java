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
 * {@code _validate.tpl}, word for word; that define's other checks come from {@code schema/rules.yaml}.
 */
public final class GuaranteeRules implements ValuesRule {
    private static final String AUTH = "remove it: replicas authenticate with the password of auth.password or auth.existingSecret";
    private static final String ARCHITECTURE = "use architecture=replication or architecture=sentinel instead";
    private static final String ANNOUNCE = "remove it: the chart announces each pod's stable address";
    private static final String FOREGROUND = "remove it: Redis runs in the foreground as the container's process";

    /** Each redis.conf directive the chart writes or passes itself, and what to do instead. */
    public static final Map<String, String> OWNED_DIRECTIVES = Map.ofEntries(
            Map.entry("port", "use redis.port instead"),
            Map.entry("bind", "remove it: Redis listens on every address of its pod and the NetworkPolicy "
                    + "(networkPolicy.*) decides who connects"),
            Map.entry("protected-mode", "remove it: the chart turns protected-mode off and protects Redis with the password and the NetworkPolicy"),
            Map.entry("requirepass", "use auth.password or auth.existingSecret instead (the password stays in a Secret)"),
            Map.entry("masterauth", AUTH),
            Map.entry("masteruser", AUTH),
            Map.entry("replicaof", ARCHITECTURE),
            Map.entry("slaveof", ARCHITECTURE),
            Map.entry("replica-announce-ip", ANNOUNCE),
            Map.entry("slave-announce-ip", ANNOUNCE),
            Map.entry("maxmemory", "use resources.required.memory or resources.requests.memory instead "
                    + "(maxmemory is the memory request)"),
            Map.entry("maxmemory-policy", "use redis.maxmemoryPolicy instead"),
            Map.entry("appendonly", "use redis.appendonly instead"),
            Map.entry("appendfsync", "use redis.appendfsync instead"),
            Map.entry("save", "use redis.save instead"),
            Map.entry("databases", "use redis.databases instead"),
            Map.entry("maxclients", "use redis.maxclients instead"),
            Map.entry("timeout", "use redis.timeout instead"),
            Map.entry("tcp-keepalive", "use redis.tcpKeepalive instead"),
            Map.entry("dir", "remove it: data lives on the volume mounted at /data"),
            Map.entry("daemonize", FOREGROUND),
            Map.entry("supervised", FOREGROUND),
            Map.entry("logfile", "remove it: Redis logs to standard output, where kubectl logs reads it"));

    /** The first word of a redis.conf line, quoted or not (as the template's regexFind). */
    private static final Pattern DIRECTIVE = Pattern.compile("^(\"[^\"]*\"|'[^']*'|[^\\s\"']+)");

    @Override
    public List<Violation> check(JsonNode values) {
        List<Violation> problems = new ArrayList<>();
        String[] lines = values.at("/redis/extraConfig").asText("").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String directive = directive(lines[i]);
            String instead = OWNED_DIRECTIVES.get(directive);
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
