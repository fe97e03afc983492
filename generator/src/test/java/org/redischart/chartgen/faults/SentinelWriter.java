package org.redischart.chartgen.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.pods.Pod;
import redis.clients.jedis.Jedis;

/**
 * A client as applications write it: one SET every 10 ms to the primary that a Sentinel
 * names, asking a Sentinel again after every error. Records every SET that returned OK and
 * the windows during which no SET succeeded.
 */
final class SentinelWriter implements AutoCloseable {
    private static final long PERIOD_NANOS = Duration.ofMillis(10).toNanos();

    private final RedisSet set;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> acknowledged = new ArrayList<>();
    private final Thread thread;
    private int failed;
    private long longestErrorNanos;
    private long firstErrorAt = -1;

    SentinelWriter(RedisSet set, String prefix) {
        this.set = set;
        this.prefix = prefix;
        this.thread = new Thread(this::run, "sentinel-writer-" + prefix);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Jedis primary = null;
        int n = 0;
        long next = System.nanoTime();
        while (running.get()) {
            long started = System.nanoTime();
            String key = prefix + ":" + n++;
            try {
                if (primary == null) {
                    primary = discover();
                }
                String reply = primary.set(key, key);
                if ("OK".equals(reply)) {
                    record(key, started);
                } else {
                    throw new IllegalStateException(reply);
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    failed++;
                    if (firstErrorAt < 0) {
                        firstErrorAt = started;
                    }
                }
                if (primary != null) {
                    try {
                        primary.close();
                    } catch (RuntimeException ignored) {
                        // already broken
                    }
                }
                primary = null;
            }
            next += PERIOD_NANOS;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                LocalPods.sleep(Duration.ofNanos(sleep));
            } else {
                next = System.nanoTime();
            }
        }
        if (primary != null) {
            primary.close();
        }
    }

    private synchronized void record(String key, long started) {
        acknowledged.add(key);
        if (firstErrorAt >= 0) {
            longestErrorNanos = Math.max(longestErrorNanos, System.nanoTime() - firstErrorAt);
            firstErrorAt = -1;
        }
    }

    /** Asks the Sentinels in turn; the first that names a primary wins, as client libraries do. */
    private Jedis discover() {
        for (Pod pod : set.nodes) {
            try (Jedis sentinel = set.pods.connect(pod, RedisSet.SENTINEL_PORT, 500)) {
                String host = sentinel.sentinelGetMasterAddrByName(RedisSet.MASTER_SET).get(0);
                return set.pods.connect(set.pods.byDnsName(host), RedisSet.REDIS_PORT, 3000);
            } catch (RuntimeException e) {
                // next Sentinel
            }
        }
        throw new IllegalStateException("no Sentinel answered");
    }

    synchronized List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    synchronized int failed() {
        return failed;
    }

    /** The longest time from a failed SET to the next successful one, including one still open. */
    synchronized Duration longestErrorWindow() {
        long open = firstErrorAt >= 0 ? System.nanoTime() - firstErrorAt : 0;
        return Duration.ofNanos(Math.max(longestErrorNanos, open));
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
