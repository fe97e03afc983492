package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * bitnami's redis.conf sources: {@code commonConfiguration}, then the role's
 * {@code configuration}, then its {@code extraFlags} (command-line flags win, as in Redis).
 * The primary role is read first, so its settings win over a replica's that differ.
 */
final class ConfigRules {
    /** The role values read together with commonConfiguration: nothing left to do on their own. */
    static final Rule.Convert CONSUMED = (value, input) -> List.of();

    private ConfigRules() {
    }

    static Rule common(ConfTargets targets) {
        return Rule.convert("commonConfiguration", "redis.*", "redis.conf lines (with each role's configuration and "
                + "extraFlags after them): " + String.join(", ", targets.names()) + " become their redis.* value; "
                + "tuning directives (hz, lazyfree-*, notify-keyspace-events, ...) go to redis.extraConfig; the rest are "
                + "reported", (common, input) -> convert(common, input, targets));
    }

    private static List<Result> convert(JsonNode common, Input input, ConfTargets targets) {
        List<Result> results = new ArrayList<>();
        List<String> roles = roles(input);
        for (String role : roles) {
            List<RedisConf.Piece> pieces = new ArrayList<>();
            pieces.add(new RedisConf.Piece(role.equals(roles.get(0)) ? "commonConfiguration"
                    : "commonConfiguration as " + role + " reads it", common.asText("")));
            JsonNode own = input.at(role + ".configuration");
            if (!own.isMissingNode() && !own.isNull()) {
                pieces.add(new RedisConf.Piece(role + ".configuration", own.asText("")));
            }
            JsonNode flags = input.at(role + ".extraFlags");
            if (flags.isArray() && !flags.isEmpty()) {
                pieces.add(new RedisConf.Piece(role + ".extraFlags", RedisConf.flagsAsConf(flags)));
            }
            results.addAll(RedisConf.convert(pieces, targets));
        }
        return results;
    }

    /** The roles whose pods run in this chart, the one whose settings win first. */
    static List<String> roles(Input input) {
        if (input.standalone()) {
            return List.of("master");
        }
        // bitnami's sentinel StatefulSet runs every node with the replica settings.
        return input.sentinel() ? List.of("replica", "master") : List.of("master", "replica");
    }
}
