package org.redischart.chartgen.realredis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;

/**
 * A client that writes one key per call on a kept connection, as an application's pool does,
 * and reconnects after an error; it counts failures (READONLY ones apart) and remembers every
 * acknowledged key.
 */
final class KeptConnectionWriter implements AutoCloseable {
    private final Supplier<Jedis> connect;
    private final String prefix;
    private Jedis jedis;
    private int sequence;
    /** System.nanoTime() of the last acknowledged write; 0 before the first. */
    long lastSuccess;
    int failures;
    int readOnly;
    String lastKey;
    final List<String> acknowledged = new ArrayList<>();

    KeptConnectionWriter(Supplier<Jedis> connect, String prefix) {
        this.connect = connect;
        this.prefix = prefix;
    }

    void writeOnce() {
        String key = prefix + sequence++;
        try {
            if (jedis == null) {
                jedis = connect.get();
            }
            jedis.set(key, key);
            lastSuccess = System.nanoTime();
            lastKey = key;
            acknowledged.add(key);
        } catch (RuntimeException e) {
            failures++;
            if (String.valueOf(e.getMessage()).contains("READONLY")) {
                readOnly++;
            }
            close();
        }
    }

    @Override
    public void close() {
        if (jedis != null) {
            jedis.close();
            jedis = null;
        }
    }
}
