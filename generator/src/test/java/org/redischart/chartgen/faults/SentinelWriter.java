package org.redischart.chartgen.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.pods.Pod;
import redis.clients.jedis.Jedis;

/**
 * A client as applications write it: one SET every 10 ms (or every {@code period}, with
 * values of {@code valueBytes}) to the primary that a Sentinel names, asking a Sentinel again
 * after every error. Records every SET that returned OK (when, and on which pod) and the
 * windows during which no SET succeeded. Each value starts with its key.
 */
final class SentinelWriter implements AutoCloseable {
    /**
     * One acknowledged SET: its key, when it returned ({@link System#nanoTime} and wall-clock
     * milliseconds, to compare with a pod's own clock), the pod that took it.
     */
    record Ack(String key, long atNanos, long atEpochMillis, String pod) {
    }

    private final long periodNanos;
    private final String padding;
    private final RedisSet set;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> acknowledged = new ArrayList<>();
    private final List<Ack> acks = new ArrayList<>();
    private final Thread thread;
    private int failed;
    private long longestErrorNanos;
    private long firstErrorAt = -1;

    SentinelWriter(RedisSet set, String prefix) {
        this(set, prefix, Duration.ofMillis(10), 0);
    }

    SentinelWriter(RedisSet set, String prefix, Duration period, int valueBytes) {
        this.periodNanos = period.toNanos();
        this.padding = ":" + "x".repeat(Math.max(0, valueBytes - prefix.length() - 12));
        this.set = set;
        this.prefix = prefix;
        this.thread = new Thread(this::run, "sentinel-writer-" + prefix);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Jedis primary = null;
        String pod = "";
        int n = 0;
        long next = System.nanoTime();
        while (running.get()) {
            long started = System.nanoTime();
            String key = prefix + ":" + n++;
            try {
                if (primary == null) {
                    Pod found = discover();
                    pod = found.name();
                    primary = set.pods.connect(found, RedisSet.REDIS_PORT, 3000);
                }
                String reply = primary.set(key, padding.length() > 1 ? key + padding : key);
                if ("OK".equals(reply)) {
                    record(key, started, pod);
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
            next += periodNanos;
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

    private synchronized void record(String key, long started, String pod) {
        acknowledged.add(key);
        acks.add(new Ack(key, System.nanoTime(), System.currentTimeMillis(), pod));
        if (firstErrorAt >= 0) {
            longestErrorNanos = Math.max(longestErrorNanos, System.nanoTime() - firstErrorAt);
            firstErrorAt = -1;
        }
    }

    /** Asks the Sentinels in turn; the first that names a primary wins, as client libraries do. */
    private Pod discover() {
        for (Pod pod : set.nodes) {
            try (Jedis sentinel = set.pods.connect(pod, RedisSet.SENTINEL_PORT, 500)) {
                String host = sentinel.sentinelGetMasterAddrByName(RedisSet.MASTER_SET).get(0);
                return set.pods.byDnsName(host);
            } catch (RuntimeException e) {
                // next Sentinel
            }
        }
        throw new IllegalStateException("no Sentinel answered");
    }

    synchronized List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** Every acknowledged SET in order, with when it returned and which pod took it. */
    synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** The keys acknowledged before {@code nanos} ({@link System#nanoTime}). */
    synchronized List<String> acknowledgedBefore(long nanos) {
        return acks.stream().filter(a -> a.atNanos() < nanos).map(Ack::key).toList();
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
