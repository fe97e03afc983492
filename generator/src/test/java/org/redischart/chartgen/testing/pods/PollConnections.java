package org.redischart.chartgen.testing.pods;

import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The connections the test's polls keep open from one look to the next. A look that opened
 * its connections anew cost two relay forks (socat then), a TCP handshake and an AUTH per connection
 * (some 100 ms of CPU for one settled-set look over 7 connections), for the whole of every
 * wait. A kept connection that the pod closed (killed, restarted) is replaced at once by a
 * new one; one that timed out is not (the pod is frozen or cut off: a new one would wait as
 * long). A connection in use is out of the pool, so threads never share one.
 */
final class PollConnections implements AutoCloseable {
    private record Key(HostAndPort address, int timeoutMillis) {
    }

    private final Map<Key, Jedis> idle = new ConcurrentHashMap<>();

    /** {@code question}'s answer on a kept connection to {@code address}, or on one {@code connect} opens. */
    <T> T ask(HostAndPort address, int timeoutMillis, Supplier<Jedis> connect, Function<Jedis, T> question) {
        Key key = new Key(address, timeoutMillis);
        Jedis kept = idle.remove(key);
        if (kept != null) {
            try {
                return keepAfter(key, kept, question);
            } catch (JedisConnectionException e) {
                if (timedOut(e)) {
                    throw e;
                }
                // closed by the pod since the last look: this look asks on a new connection
            }
        }
        return keepAfter(key, connect.get(), question);
    }

    private <T> T keepAfter(Key key, Jedis jedis, Function<Jedis, T> question) {
        T answer;
        try {
            answer = question.apply(jedis);
        } catch (JedisConnectionException e) {
            jedis.close();
            throw e;
        } catch (RuntimeException e) {
            keep(key, jedis); // a refusal (LOADING, NOREPLICAS, ...) leaves the connection usable
            throw e;
        }
        keep(key, jedis);
        return answer;
    }

    private void keep(Key key, Jedis jedis) {
        Jedis displaced = idle.put(key, jedis);
        if (displaced != null && displaced != jedis) {
            displaced.close();
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        idle.values().forEach(Jedis::close);
        idle.clear();
    }
}
