package org.redischart.chartgen.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * For every alert of the chart, input series that must fire it and series that must not,
 * built around the threshold the chart renders (so a changed default is still tested), and
 * the labels the fired alert must carry. Written as promtool unit-test groups.
 */
final class AlertCases {
    static final Map<String, String> POD = labels("namespace", "default", "pod", "real-redis-node-0",
            "instance", "10.0.0.1:9121", "job", "real-redis-metrics");
    static final Map<String, String> OTHER_POD = labels("namespace", "default", "pod", "real-redis-node-1",
            "instance", "10.0.0.2:9121", "job", "real-redis-metrics");

    /** One input series. */
    record Series(String metric, Map<String, String> labels, String values) {
        Map<String, Object> yaml() {
            return Map.of("series", metric + "{" + labels.entrySet().stream()
                    .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(",")) + "}",
                    "values", values);
        }
    }

    /** Input that must fire the alert with {@code expected} labels, and input that must not. */
    record Case(List<Series> firing, Map<String, String> expected, List<Series> quiet) {
    }

    /** The cases for threshold {@code t} (null when the alert has none). */
    static final Map<String, Function<Double, Case>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("RedisDown", t -> new Case(List.of(s("redis_up", POD, "0x40")), POD, List.of(s("redis_up", POD, "1x40"))));
        CASES.put("RedisMemoryNearMaxmemory", t -> new Case(
                List.of(s("redis_memory_max_bytes", POD, "1000000x40"), s("redis_memory_used_bytes", POD, above(t, 1_000_000) + "x40")),
                POD,
                List.of(s("redis_memory_max_bytes", POD, "1000000x40"), s("redis_memory_used_bytes", POD, below(t, 1_000_000) + "x40"))));
        CASES.put("RedisEvictingKeys", t -> counter("redis_evicted_keys_total", POD, t));
        CASES.put("RedisRejectedConnections", t -> counter("redis_rejected_connections_total", POD, t));
        CASES.put("RedisTooManyConnections", t -> new Case(
                List.of(s("redis_config_maxclients", POD, "10000x40"), s("redis_connected_clients", POD, above(t, 10_000) + "x40")),
                POD,
                List.of(s("redis_config_maxclients", POD, "10000x40"), s("redis_connected_clients", POD, below(t, 10_000) + "x40"))));
        CASES.put("RedisReplicationBroken", t -> {
            Map<String, String> master = with(POD, "role", "master");
            return new Case(
                    List.of(s("redis_instance_info", master, "1x40"), s("redis_connected_slaves", POD, (long) (t - 1) + "x40")),
                    POD,
                    List.of(s("redis_instance_info", master, "1x40"), s("redis_connected_slaves", POD, (long) t.doubleValue() + "x40")));
        });
        CASES.put("RedisReplicaLag", t -> {
            Map<String, String> replica = with(with(with(POD, "slave_ip", "10.0.0.2"), "slave_port", "6379"), "slave_state", "online");
            return new Case(List.of(s("redis_connected_slave_lag_seconds", replica, (long) (t + 5) + "x40")), replica,
                    List.of(s("redis_connected_slave_lag_seconds", replica, (long) Math.max(0, t - 1) + "x40")));
        });
        CASES.put("RedisMasterLinkDown", t -> new Case(List.of(s("redis_master_link_up", POD, "0x40")), POD,
                List.of(s("redis_master_link_up", POD, "1x40"))));
        CASES.put("RedisFailoverHappened", t -> {
            Map<String, String> master = with(POD, "role", "master");
            // A replica until minute 10, the primary from minute 11 on.
            return new Case(List.of(s("redis_instance_info", with(POD, "role", "slave"), "1x10"),
                    s("redis_instance_info", master, "_x10 1x30")), master,
                    List.of(s("redis_instance_info", master, "1x40")));
        });
        CASES.put("RedisSentinelMastersMismatch", t -> new Case(
                List.of(s("redis_instance_info", with(POD, "role", "master"), "1x40"),
                        s("redis_instance_info", with(OTHER_POD, "role", "master"), "1x40")),
                labels("namespace", "default"),
                List.of(s("redis_instance_info", with(POD, "role", "master"), "1x40"),
                        s("redis_instance_info", with(OTHER_POD, "role", "slave"), "1x40"))));
        CASES.put("RedisAOFRewriteFailing", t -> new Case(List.of(s("redis_aof_last_bgrewrite_status", POD, "0x40")), POD,
                List.of(s("redis_aof_last_bgrewrite_status", POD, "1x40"))));
        CASES.put("RedisRDBLastSaveFailed", t -> new Case(List.of(s("redis_rdb_last_bgsave_status", POD, "0x40")), POD,
                List.of(s("redis_rdb_last_bgsave_status", POD, "1x40"))));
        CASES.put("RedisOutOfMemoryErrors", t -> counter("redis_errors_total", with(POD, "err", "OOM"), t));
    }

    private AlertCases() {
    }

    /** A counter rising by more than the threshold every minute fires; a flat one does not. */
    private static Case counter(String metric, Map<String, String> labels, Double t) {
        long step = (long) Math.ceil(t) + 10;
        return new Case(List.of(s(metric, labels, "0+" + step + "x40")), labels, List.of(s(metric, labels, "7x40")));
    }

    /** Halfway between the threshold share and the whole. */
    private static long above(double share, long whole) {
        return (long) Math.ceil((share + (1 - share) / 2) * whole);
    }

    /** Ninety percent of the threshold share. */
    private static long below(double share, long whole) {
        return (long) Math.floor(share * 0.9 * whole);
    }

    private static Series s(String metric, Map<String, String> labels, String values) {
        return new Series(metric, labels, values);
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }

    /** The two promtool test groups of one alert: it fires on {@code firing} input, and stays quiet on the other. */
    static List<Map<String, Object>> testGroups(JsonNode rule, Case c, int evalMinutes) {
        String alert = rule.path("alert").asText();
        Map<String, String> expectedLabels = new LinkedHashMap<>(c.expected());
        rule.path("labels").properties().forEach(e -> expectedLabels.put(e.getKey(), e.getValue().asText()));
        Map<String, String> annotations = new LinkedHashMap<>();
        rule.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), expand(e.getValue().asText(), expectedLabels)));
        List<Map<String, Object>> groups = new ArrayList<>();
        groups.add(group(alert + " fires", c.firing(), alert, evalMinutes,
                List.of(Map.of("exp_labels", expectedLabels, "exp_annotations", annotations))));
        groups.add(group(alert + " stays quiet", c.quiet(), alert, evalMinutes, List.of()));
        return groups;
    }

    private static Map<String, Object> group(String name, List<Series> series, String alert, int evalMinutes,
            List<Map<String, Object>> expected) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        group.put("interval", "1m");
        group.put("input_series", series.stream().map(Series::yaml).toList());
        group.put("alert_rule_test", List.of(Map.of("eval_time", evalMinutes + "m", "alertname", alert, "exp_alerts", expected)));
        return group;
    }

    /** Prometheus' expansion of {{ $labels.x }} in an annotation. */
    private static String expand(String template, Map<String, String> labels) {
        String out = template;
        for (Map.Entry<String, String> l : labels.entrySet()) {
            out = out.replace("{{ $labels." + l.getKey() + " }}", l.getValue());
        }
        return out;
    }
}
