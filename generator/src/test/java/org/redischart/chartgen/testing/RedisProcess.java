package org.redischart.chartgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real redis-server or redis-sentinel process started the way a pod's container starts it
 * (its command and environment), logging to a file. {@link #start} returns once the process
 * answers an authenticated PING; {@link #close} kills it and its children, even after a
 * failed test.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final HostAndPort address;
    private final String user;
    private final String password;
    private final Path log;

    private RedisProcess(String name, Process process, HostAndPort address, String user, String password, Path log) {
        this.name = name;
        this.process = process;
        this.address = address;
        this.user = user;
        this.password = password;
        this.log = log;
    }

    /** Starts {@code command} with {@code env} in {@code workDir} and waits for PING on {@code address}. */
    public static RedisProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
            HostAndPort address, String password) {
        return start(name, command, env, workDir, address, null, password);
    }

    /** As above, answering PING as ACL user {@code user} (null: the default user). */
    public static RedisProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
            HostAndPort address, String user, String password) {
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().putAll(env);
        RedisProcess redis;
        try {
            redis = new RedisProcess(name, builder.start(), address, user, password, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        try {
            redis.awaitPing();
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    public HostAndPort address() {
        return address;
    }

    public String name() {
        return name;
    }

    /**
     * A new authenticated connection; the caller closes it. Its read timeout outlasts any WAIT
     * the tests issue (at most 10 s), so a slow replica fails the WAIT, not the socket.
     */
    public Jedis connect() {
        // No CLIENT SETINFO on connect, as the chart's own clients (probes, scripts, HAProxy, the
        // exporter) send none: chart-internal may not run it, and Redis 8 logs the NOPERM in the ACL LOG.
        return new Jedis(address, DefaultJedisClientConfig.builder().user(user).password(password)
                .connectionTimeoutMillis(2000).socketTimeoutMillis(15_000)
                .clientSetInfoConfig(redis.clients.jedis.ClientSetInfoConfig.DISABLED).build());
    }

    /** The process id (redis-server itself once a start script has exec'd it). */
    public long pid() {
        return process.pid();
    }

    /** The process's command line as ps shows it (/proc/<pid>/cmdline, arguments joined by spaces). */
    public String commandLine() {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + process.pid() + "/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the command line of " + name, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as when a node dies: nothing is flushed, nobody is told. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + READY.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            try (Jedis jedis = connect()) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(50);
        }
        throw new IllegalStateException(name + " did not answer PING on " + address + " within " + READY
                + " (" + (last == null ? "no error" : last.getMessage()) + "):\n" + log(), last);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + "@" + address;
    }
}
