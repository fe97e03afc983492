package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * redis.conf lines (bitnami's commonConfiguration, master.configuration, extraFlags) turned
 * into this chart's values: a directive with a value of its own ({@link ConfTargets}) becomes
 * that value, directives that only tune Redis go to {@code redis.extraConfig}, the rest are
 * reported.
 */
final class RedisConf {
    /** Redis' own default of each directive whose default this chart's profiles change. */
    private static final Map<String, String> REDIS_DEFAULTS = Map.of("maxmemory-policy", "noeviction", "appendonly", "no");

    /** Directives that only tune Redis: safe to carry verbatim in redis.extraConfig. */
    static final Set<String> TUNING = Set.of("hz", "dynamic-hz", "maxmemory-samples", "maxmemory-eviction-tenacity",
            "lfu-log-factor", "lfu-decay-time", "lazyfree-lazy-eviction", "lazyfree-lazy-expire",
            "lazyfree-lazy-server-del", "lazyfree-lazy-user-del", "lazyfree-lazy-user-flush", "replica-lazy-flush",
            "activedefrag", "active-defrag-ignore-bytes", "active-defrag-threshold-lower",
            "active-defrag-threshold-upper", "active-defrag-cycle-min", "active-defrag-cycle-max",
            "activerehashing", "slowlog-log-slower-than", "slowlog-max-len", "latency-monitor-threshold",
            "notify-keyspace-events", "hash-max-listpack-entries", "hash-max-listpack-value",
            "hash-max-ziplist-entries", "hash-max-ziplist-value", "list-max-listpack-size", "list-max-ziplist-size",
            "list-compress-depth", "set-max-intset-entries", "set-max-listpack-entries", "set-max-listpack-value",
            "zset-max-listpack-entries", "zset-max-listpack-value", "zset-max-ziplist-entries",
            "zset-max-ziplist-value", "hll-sparse-max-bytes", "stream-node-max-bytes", "stream-node-max-entries",
            "client-output-buffer-limit", "client-query-buffer-limit", "proto-max-bulk-len", "busy-reply-threshold",
            "lua-time-limit", "io-threads", "io-threads-do-reads", "no-appendfsync-on-rewrite",
            "auto-aof-rewrite-percentage", "auto-aof-rewrite-min-size", "aof-use-rdb-preamble", "aof-load-truncated",
            "aof-timestamp-enabled", "rdbcompression", "rdbchecksum", "repl-backlog-size", "repl-backlog-ttl",
            "repl-diskless-sync", "repl-diskless-sync-delay", "repl-diskless-sync-max-replicas", "repl-diskless-load",
            "repl-timeout", "repl-ping-replica-period", "replica-serve-stale-data", "replica-read-only",
            "replica-priority", "loglevel", "tcp-backlog", "jemalloc-bg-thread", "oom-score-adj",
            "tracking-table-max-keys", "stop-writes-on-bgsave-error", "rdb-del-sync-files");

    /** One parsed line: the directive lower-cased, its arguments as written, the line, where it came from. */
    record Line(String directive, String arguments, String text, String source) {
    }

    /** A piece of configuration and the bitnami value it came from. */
    record Piece(String source, String text) {
    }

    /** The lines of a redis.conf text, comments and blanks left out. */
    static List<Line> parse(String text, String source) {
        List<Line> lines = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String directive = (space < 0 ? line : line.substring(0, space)).toLowerCase(Locale.ROOT);
            lines.add(new Line(directive, space < 0 ? "" : line.substring(space + 1).strip(), line, source));
        }
        return lines;
    }

    /** extraFlags such as {@code --maxmemory-policy allkeys-lru} as redis.conf lines. */
    static String flagsAsConf(JsonNode flags) {
        StringBuilder conf = new StringBuilder();
        List<String> words = new ArrayList<>();
        flags.forEach(f -> words.addAll(List.of(f.asText().strip().split("\\s+"))));
        for (String word : words) {
            if (word.startsWith("--")) {
                if (conf.length() > 0) {
                    conf.append('\n');
                }
                conf.append(word.substring(2));
            } else if (!word.isEmpty()) {
                conf.append(' ').append(word);
            }
        }
        return conf.toString();
    }

    /**
     * The results of a whole configuration, later lines winning as in Redis; {@code save}
     * lines add up (an empty {@code save ""} clears them).
     */
    static List<Result> convert(List<Piece> pieces, ConfTargets targets) {
        Map<String, Result> owned = new LinkedHashMap<>();
        List<String> extra = new ArrayList<>();
        java.util.Set<String> extraSources = new java.util.LinkedHashSet<>();
        List<Result> missing = new ArrayList<>();
        List<String> saves = null;
        String saveSource = null;
        List<Line> lines = new ArrayList<>();
        pieces.forEach(p -> lines.addAll(parse(p.text(), p.source())));
        for (Line line : lines) {
            ConfTargets.Target target = targets.owned().get(line.directive());
            if ("save".equals(line.directive()) && target != null) {
                String points = line.arguments().replace("\"", "").replace("'", "").strip();
                saves = saves == null || points.isEmpty() ? new ArrayList<>() : saves;
                saveSource = line.source();
                if (!points.isEmpty()) {
                    saves.add(points);
                }
            } else if (target != null) {
                owned.put(target.value(), Result.set(target.value(), target.convert().apply(unquote(line.arguments())),
                        line.source() + " (" + line.directive() + ")"));
            } else if (TUNING.contains(line.directive())) {
                extra.add(line.text());
                extraSources.add(line.source());
            } else {
                missing.add(new Result.Missing("redis.conf line \"" + line.text() + "\" is not on the list of tuning directives "
                        + "safe to carry into redis.extraConfig" + hint(line.directive()),
                        "check what it does; if the chart does not set it itself, add it to redis.extraConfig", line.source()));
            }
        }
        // Redis' own defaults where bitnami's configuration says nothing (this chart's profiles differ).
        REDIS_DEFAULTS.forEach((directive, value) -> {
            ConfTargets.Target target = targets.owned().get(directive);
            if (target != null) {
                owned.putIfAbsent(target.value(), Result.set(target.value(), target.convert().apply(value),
                        "no " + directive + " line in the bitnami configuration (Redis' default)"));
            }
        });
        List<Result> results = new ArrayList<>(owned.values());
        if (saves != null) {
            String save = targets.owned().get("save").value();
            results.add(Result.set(save, TextNode.valueOf(String.join(" ", saves)), saveSource + " (save)"));
        }
        if (!extra.isEmpty()) {
            results.add(Result.set("redis.extraConfig", TextNode.valueOf(String.join("\n", extra) + "\n"),
                    String.join(", ", extraSources)));
        }
        results.addAll(missing);
        return results;
    }

    private static String hint(String directive) {
        return switch (directive) {
            case "maxmemory" -> " (this chart derives maxmemory from resources: the memory request, at most "
                    + "resources.maxmemoryPercent of the limit)";
            case "rename-command" -> " (use disableCommands)";
            case "requirepass", "masterauth" -> " (passwords come from auth.*)";
            default -> "";
        };
    }

    private static String unquote(String text) {
        return text.replaceAll("^[\"']|[\"']$", "");
    }
}
