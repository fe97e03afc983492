package org.redischart.chartgen.testing;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;

/**
 * What the Sentinels believe about a master's replicas. The chart's replicas join the election
 * only after their first sync, and a Sentinel reads a replica's priority from INFO every 10 s:
 * a test that kills the primary before every Sentinel sees the replicas promotable tests that
 * window, not the failover.
 */
public final class SentinelViews {

    /** How old a Sentinel's INFO of a replica may be for its view to count as fresh. */
    private static final long FRESH_INFO_MILLIS = 5000;

    private SentinelViews() {
    }

    /** True once every Sentinel sees {@code replicas} replicas up, promotable, with fresh INFO. */
    public static BooleanSupplier replicasPromotable(List<RedisProcess> sentinels, String master, int replicas) {
        return () -> sentinels.stream().allMatch(sentinel -> {
            try (Jedis jedis = sentinel.connect()) {
                List<Map<String, String>> seen = jedis.sentinelReplicas(master);
                return seen.size() == replicas && seen.stream().allMatch(SentinelViews::promotable);
            }
        });
    }

    private static boolean promotable(Map<String, String> replica) {
        return !"0".equals(replica.get("slave-priority")) && !replica.get("flags").contains("down")
                && Long.parseLong(replica.get("info-refresh")) <= FRESH_INFO_MILLIS;
    }
}
