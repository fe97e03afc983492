package org.redischart.chartgen.testing.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.LocalPods;
import org.redischart.chartgen.testing.RedisProcess;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The kept connections of the fault suites' polls, against a real redis-server. */
class PollConnectionsTest {
    private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void keepsOneConnectionAcrossLooksAndReplacesOneTheServerClosed() {
        HostAndPort address = new HostAndPort("127.0.0.1", LocalPods.freePort());
        AtomicInteger opened = new AtomicInteger();
        try (RedisProcess server = start(address); PollConnections polls = new PollConnections()) {
            long first = polls.ask(address, 1000, () -> open(address, opened), Jedis::clientId);
            long second = polls.ask(address, 1000, () -> open(address, opened), Jedis::clientId);
            assertThat(second).as("the second look's connection").isEqualTo(first);

            try (Jedis admin = server.connect()) {
                admin.clientKill(redis.clients.jedis.params.ClientKillParams.clientKillParams().id(Long.toString(first))); // as a restarted pod closes every connection
            }
            long third = polls.ask(address, 1000, () -> open(address, opened), Jedis::clientId);
            assertThat(third).as("the look after the server closed the kept connection").isNotEqualTo(first);
            assertThat(opened).as("connections opened for three looks").hasValue(2);
        }
    }

    @Test
    void aRefusalKeepsTheConnectionAndATimeoutIsNotRetried() {
        HostAndPort address = new HostAndPort("127.0.0.1", LocalPods.freePort());
        AtomicInteger opened = new AtomicInteger();
        try (RedisProcess server = start(address); PollConnections polls = new PollConnections()) {
            assertThatThrownBy(() -> polls.ask(address, 300, () -> open(address, opened), jedis -> jedis.sendCommand(Command.GET))).hasMessageContaining("wrong number of arguments");
            polls.ask(address, 300, () -> open(address, opened), Jedis::ping);
            assertThat(opened).as("connections opened after a refusal").hasValue(1);

            assertThatThrownBy(() -> polls.ask(address, 300, () -> open(address, opened),
                    jedis -> jedis.sendCommand(DEBUG, "SLEEP", "1")))
                    .isInstanceOf(JedisConnectionException.class);
            assertThat(opened).as("connections opened when the kept one timed out: none, the look fails").hasValue(1);
            LocalPods.sleep(Duration.ofSeconds(1)); // the sleeping server answers again
            String pong = polls.ask(address, 300, () -> open(address, opened), Jedis::ping);
            assertThat(pong).isEqualTo("PONG");
            assertThat(opened).as("the next look opens a new one").hasValue(2);
        }
    }

    private RedisProcess start(HostAndPort address) {
        return RedisProcess.start("redis", List.of("redis-server", "--port", Integer.toString(address.getPort()),
                "--bind", "127.0.0.1", "--save", "", "--enable-debug-command", "yes"), Map.of(), dir, address, null);
    }

    private static Jedis open(HostAndPort address, AtomicInteger opened) {
        opened.incrementAndGet();
        return new Jedis(address, DefaultJedisClientConfig.builder().socketTimeoutMillis(300).build());
    }
}
