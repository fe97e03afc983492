package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.redischart.chartgen.testing.Await;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.Jedis;

/**
 * What the fault scenarios ask of a running set of Redis pods (with or without Sentinel):
 * who is primary, writes acknowledged by WAIT 1, and whether they are all still there.
 */
final class RedisSet {
    static final int REDIS_PORT = 6379;
    static final int SENTINEL_PORT = 26379;
    static final String MASTER_SET = "mymaster";

    final StatefulSetPods pods;
    final List<Pod> nodes;
    private int batches;

    RedisSet(StatefulSetPods pods, List<Pod> nodes) {
        this.pods = pods;
        this.nodes = nodes;
    }

    Pod node(int ordinal) {
        return nodes.get(ordinal);
    }

    /** The replication role the pod's Redis reports, or empty when it does not answer. */
    Optional<String> role(Pod pod) {
        try {
            return Optional.of(field(pods.ask(pod, REDIS_PORT, 1000, jedis -> jedis.info("replication")), "role"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The pod a majority of the given Sentinels names as primary, if any. */
    Optional<Pod> primaryByMajority(List<Pod> sentinels) {
        Map<String, Integer> votes = new HashMap<>();
        for (Pod pod : sentinels) {
            try {
                votes.merge(pods.ask(pod, SENTINEL_PORT, 1000, jedis -> jedis.sentinelGetMasterAddrByName(MASTER_SET)).get(0),
                        1, Integer::sum);
            } catch (RuntimeException e) {
                // that Sentinel is down or cut off
            }
        }
        return votes.entrySet().stream().filter(v -> v.getValue() > nodes.size() / 2)
                .map(v -> pods.byDnsName(v.getKey())).findFirst();
    }

    /**
     * Waits until a majority of the Sentinels of {@code sentinels} names a pod that reports
     * role master and accepts a write; returns it.
     */
    Pod awaitWritablePrimary(List<Pod> sentinels, Duration timeout) {
        Pod[] found = new Pod[1];
        await(timeout, "a writable primary named by a Sentinel majority", () -> {
            Optional<Pod> named = primaryByMajority(sentinels);
            if (named.isEmpty() || !named.map(this::role).orElse(Optional.empty()).equals(Optional.of("master"))) {
                return false;
            }
            pods.ask(named.get(), REDIS_PORT, 2000, jedis -> jedis.set("probe:writable", "yes"));
            found[0] = named.get();
            return true;
        });
        return found[0];
    }

    /**
     * Waits until the set is settled: every Sentinel of {@code members} names the same
     * primary, it takes writes, and every other member replicates from it with its link up.
     */
    Pod awaitSettled(List<Pod> members, Duration timeout) {
        Pod[] found = new Pod[1];
        // Every 500 ms: no figure is measured by it. Its 7 connections stay open between looks.
        Await.untilNothingBlocks(timeout, Duration.ofMillis(500),
                "every Sentinel naming one writable primary that every other node replicates from", () -> {
            java.util.Set<String> named = new java.util.HashSet<>();
            for (Pod pod : members) {
                try {
                    named.add(pods.ask(pod, SENTINEL_PORT, 1000, jedis -> jedis.sentinelGetMasterAddrByName(MASTER_SET)).get(0));
                    // No failover under way or pending, and every other Sentinel known.
                    Map<String, String> master = pods.ask(pod, SENTINEL_PORT, 1000, jedis -> jedis.sentinelMaster(MASTER_SET));
                    if (!"master".equals(master.get("flags"))
                            || !String.valueOf(members.size() - 1).equals(master.get("num-other-sentinels"))) {
                        return pod.name() + "'s Sentinel: flags " + master.get("flags") + ", num-other-sentinels "
                                + master.get("num-other-sentinels");
                    }
                } catch (RuntimeException e) {
                    return pod.name() + "'s Sentinel: " + e;
                }
            }
            if (named.size() != 1) {
                return "the Sentinels name " + named;
            }
            Pod primary = pods.byDnsName(named.iterator().next());
            for (Pod pod : members) {
                try {
                    String info = pods.ask(pod, REDIS_PORT, 2000, jedis -> jedis.info("replication"));
                    boolean ok = pod == primary ? "master".equals(field(info, "role"))
                            : primary.dnsName().equals(field(info, "master_host")) && "up".equals(field(info, "master_link_status"));
                    if (!ok) {
                        return pod.name() + ": role " + field(info, "role") + ", master_host " + field(info, "master_host")
                                + ", link " + field(info, "master_link_status") + " (the Sentinels name " + primary.name() + ")";
                    }
                } catch (RuntimeException e) {
                    return pod.name() + "'s Redis: " + e;
                }
            }
            try {
                pods.ask(primary, REDIS_PORT, 2000, jedis -> jedis.set("probe:writable", "yes"));
            } catch (RuntimeException e) {
                return "a write to " + primary.name() + ": " + e;
            }
            found[0] = primary;
            return null;
        }, pods::logs);
        return found[0];
    }

    /** The pod (of {@code candidates}) that reports role master. */
    Pod awaitPrimaryRole(List<Pod> candidates, Duration timeout) {
        Pod[] found = new Pod[1];
        await(timeout, "a node with the primary role", () -> {
            for (Pod pod : candidates) {
                if (role(pod).equals(Optional.of("master"))) {
                    found[0] = pod;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The pod (of {@code candidates}) that reports role master and accepts a write. */
    Pod awaitWritableMaster(List<Pod> candidates, Duration timeout) {
        Pod[] found = new Pod[1];
        await(timeout, "a writable primary", () -> {
            for (Pod pod : candidates) {
                if (role(pod).equals(Optional.of("master"))) {
                    try {
                        pods.ask(pod, REDIS_PORT, 2000, jedis -> jedis.set("probe:writable", "yes"));
                        found[0] = pod;
                        return true;
                    } catch (RuntimeException e) {
                        // not yet: NOREPLICAS or LOADING
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    /** {@code count} SETs on the primary, then WAIT 1: returns the keys at least one replica has. */
    List<String> writeAcknowledged(Pod primary, int count) {
        return writeAcknowledged(primary, count, 1);
    }

    /**
     * {@code count} SETs on the primary, then WAIT {@code replicas}: returns the keys that many
     * replicas have. A SET refused with NOREPLICAS (min-replicas-to-write: a just-promoted primary
     * whose replicas have not attached yet, or lag on throttled cores) wrote nothing and is retried
     * for up to 30 s, as a client would.
     */
    List<String> writeAcknowledged(Pod primary, int count, int replicas) {
        int batch = ++batches;
        List<String> keys = new ArrayList<>();
        try (Jedis jedis = pods.connect(primary, REDIS_PORT, 10_000)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; i < count; i++) {
                String key = "acked:" + batch + ":" + i;
                setRetryingRefusals(jedis, key, deadline);
                keys.add(key);
            }
            assertThat(jedis.waitReplicas(replicas, 10_000)).as("replicas acknowledging batch " + batch)
                    .isGreaterThanOrEqualTo(replicas);
        }
        return keys;
    }

    private static void setRetryingRefusals(Jedis jedis, String key, long deadline) {
        while (true) {
            try {
                jedis.set(key, key);
                return;
            } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("NOREPLICAS") || System.nanoTime() > deadline) {
                    throw e;
                }
                LocalPods.sleep(Duration.ofMillis(100));
            }
        }
    }

    /**
     * Fills the primary with {@code keys} values of {@code valueBytes} (keys "data:&lt;i&gt;"),
     * pipelined, then waits until every replica of {@code replicas} has them (WAIT).
     */
    void load(Pod primary, int keys, int valueBytes, int replicas) {
        // Random characters: an RDB compresses repeated ones, and a full sync must carry every byte.
        java.util.Random random = new java.util.Random(valueBytes);
        StringBuilder chars = new StringBuilder(valueBytes);
        for (int i = 0; i < valueBytes; i++) {
            chars.append((char) ('a' + random.nextInt(26)));
        }
        String value = chars.toString();
        try (Jedis jedis = pods.connect(primary, REDIS_PORT, 60_000)) {
            for (int from = 0; from < keys; from += 1000) {
                redis.clients.jedis.Pipeline pipeline = jedis.pipelined();
                for (int i = from; i < Math.min(keys, from + 1000); i++) {
                    pipeline.set("data:" + i, value);
                }
                pipeline.sync();
            }
            assertThat(jedis.waitReplicas(replicas, 60_000)).as("replicas holding the loaded data").isGreaterThanOrEqualTo(replicas);
        }
    }

    /** The pod's replication offset (master_repl_offset of a primary, slave_repl_offset of a replica); -1 when it does not answer. */
    long offset(Pod pod) {
        try {
            String info = pods.ask(pod, REDIS_PORT, 2000, jedis -> jedis.info("replication"));
            String offset = field(info, "master".equals(field(info, "role")) ? "master_repl_offset" : "slave_repl_offset");
            return offset.isEmpty() ? -1 : Long.parseLong(offset);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** One INFO field of the pod's Redis, or "" when it does not answer. */
    String info(Pod pod, String section, String name) {
        try {
            return field(pods.ask(pod, REDIS_PORT, 2000, jedis -> jedis.info(section)), name);
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The keys (whose value starts with the key) missing on the pod. */
    List<String> missing(Pod pod, List<String> keys) {
        List<String> missing = new ArrayList<>();
        try (Jedis jedis = pods.connect(pod, REDIS_PORT, 10_000)) {
            // Pipelined, 1,000 GETs a round trip: a writer's run acknowledges tens of thousands.
            for (int from = 0; from < keys.size(); from += 1000) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
                redis.clients.jedis.Pipeline pipeline = jedis.pipelined();
                List<redis.clients.jedis.Response<String>> values = batch.stream().map(pipeline::get).toList();
                pipeline.sync();
                for (int i = 0; i < batch.size(); i++) {
                    String value = values.get(i).get();
                    if (value == null || !value.startsWith(batch.get(i))) {
                        missing.add(batch.get(i));
                    }
                }
            }
        }
        return missing;
    }

    void assertNoneMissing(Pod primary, List<String> keys, String scenario) {
        List<String> missing = missing(primary, keys);
        assertThat(missing).as(() -> String.format("%s: WAIT-acknowledged keys missing on the primary %s (of %d)%n%s",
                scenario, primary.name(), keys.size(), pods.logs())).isEmpty();
    }

    /** Waits until every pod of {@code replicas} passes its rendered readiness probe. */
    void awaitReady(List<Pod> ready, Duration timeout) {
        for (Pod pod : ready) {
            if (!pod.awaitProbe("redis", "readinessProbe", timeout)) {
                throw new AssertionError(pod.name() + " not Ready within " + timeout + "; its probe now: "
                        + pod.probeResult("redis", "readinessProbe") + "\n" + sentinelViews() + pods.logs());
            }
        }
    }

    /** What each Sentinel believes of the primary and the replicas, for a failure message. */
    String sentinelViews() {
        StringBuilder views = new StringBuilder();
        for (Pod pod : nodes) {
            views.append("Sentinel of ").append(pod.name()).append(": ");
            try (Jedis jedis = pods.connect(pod, SENTINEL_PORT, 1000)) {
                Map<String, String> master = jedis.sentinelMaster(MASTER_SET);
                views.append("primary ").append(master.get("name")).append(' ').append(master.get("ip"))
                        .append(" flags=").append(master.get("flags"));
                for (Map<String, String> replica : jedis.sentinelReplicas(MASTER_SET)) {
                    views.append("; replica ").append(replica.get("ip")).append(" flags=").append(replica.get("flags"))
                            .append(" priority=").append(replica.get("slave-priority"))
                            .append(" last-ok-ping-reply=").append(replica.get("last-ok-ping-reply"))
                            .append(" info-refresh=").append(replica.get("info-refresh"));
                }
            } catch (RuntimeException e) {
                views.append("unreachable (").append(e.getMessage()).append(')');
            }
            views.append('\n');
        }
        return views.toString();
    }

    /** What a primary cut off from its replicas did with a SET every 50 ms (at most 15 s). */
    record IsolatedWrites(int taken, long refusedAfterNanos) {
    }

    /**
     * SETs {@code isolated:<i>} on {@code primary} every 50 ms until it refuses one (min-replicas)
     * or 15 s pass; {@code cut} is when its network was cut ({@link System#nanoTime}).
     */
    IsolatedWrites writeUntilRefused(Pod primary, long cut) {
        int taken = 0;
        long refusedAfter = -1;
        for (int i = 0; refusedAfter < 0 && System.nanoTime() - cut < Duration.ofSeconds(15).toNanos(); i++) {
            String reply = primary.exec("redis", List.of("redis-cli", "-h", "127.0.0.1", "set", "isolated:" + i, "x"),
                    Duration.ofSeconds(3)).output().trim();
            if (reply.equals("OK")) {
                taken++;
            } else {
                refusedAfter = System.nanoTime() - cut;
            }
            LocalPods.sleep(Duration.ofMillis(50));
        }
        return new IsolatedWrites(taken, refusedAfter);
    }

    void await(Duration timeout, String what, BooleanSupplier condition) {
        Await.until(timeout, Duration.ofMillis(100), what, condition, pods::logs);
    }

    static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "";
    }
}
