package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.MountNamespace;
import org.redischart.chartgen.testing.Scenarios;
import org.redischart.chartgen.testing.pods.TestCertificates;

/**
 * Every haproxy.cfg of the golden scenarios (the files GoldenScenariosTest pins to the chart's
 * output) is accepted by Debian's haproxy ({@code haproxy -c}) without a warning.
 */
class HaproxyConfigCheckTest {
    private static final Pattern SECTION = Pattern.compile("(?m)^\\s*(frontend|backend|listen|defaults) (\\S+)\\s*$");
    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server \\S+ ([^\\s:]+):");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyRenderedHaproxyConfigPassesHaproxysOwnCheck() {
        return Scenarios.goldenDirs().stream().flatMap(dir -> configs(dir).map(config -> DynamicTest.dynamicTest(
                dir.getFileName().toString(), () -> {
                    String name = dir.getFileName().toString();
                    Path file = Files.writeString(work.resolve(name + ".cfg"), withTestCertificates(config, name));
                    // The pod names resolve through a hosts file, so no check waits on a DNS server.
                    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
                    SERVER.matcher(config).results().map(m -> m.group(1)).distinct()
                            .forEach(host -> hosts.append("127.0.0.1 ").append(host).append('\n'));
                    MountNamespace namespace = new MountNamespace(Map.of(
                            "/etc/hosts", Files.writeString(work.resolve(name + ".hosts"), hosts),
                            "/etc/resolv.conf", Files.writeString(work.resolve(name + ".resolv"), "nameserver 127.0.0.1\n")));
                    ProcessBuilder builder = new ProcessBuilder(namespace.wrap(List.of("haproxy", "-c", "-f", file.toString())))
                            .redirectErrorStream(true);
                    builder.environment().put("REDIS_PASSWORD", "checked-password");
                    Process process = builder.start();
                    String output = new String(process.getInputStream().readAllBytes());
                    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    assertThat(process.exitValue()).as("haproxy -c:\n%s", output).isZero();
                    assertThat(output.lines().filter(l -> l.contains("[WARNING]") || l.contains("[ALERT]")).toList())
                            .as("haproxy -c warnings").isEmpty();
                })));
    }

    /**
     * No two sections share a name: HAProxy 3.2 warns when a frontend and a backend do, 3.3
     * refuses to start, and the host's older haproxy -c says nothing about it.
     */
    @TestFactory
    Stream<DynamicTest> everyRenderedHaproxyConfigNamesEachProxyOnce() {
        return Scenarios.goldenDirs().stream().flatMap(dir -> configs(dir).map(config -> DynamicTest.dynamicTest(
                dir.getFileName().toString(), () -> {
                    Map<String, List<String>> sections = SECTION.matcher(config).results()
                            .collect(Collectors.groupingBy(m -> m.group(2), TreeMap::new,
                                    Collectors.mapping(m -> m.group(1), Collectors.toList())));
                    assertThat(sections.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::toString))
                            .as("proxy names used by more than one section").isEmpty();
                })));
    }

    @Test
    void theSentinelScenariosRenderHaproxyAndTheDisabledOneDoesNot() {
        assertThat(Scenarios.goldenDirs().stream().filter(dir -> configs(dir).findAny().isPresent())
                .map(dir -> dir.getFileName().toString()))
                .contains("sentinel-session", "sentinel-haproxy-custom").doesNotContain("sentinel-haproxy-off", "defaults");
    }

    /**
     * With tls.enabled the checks load the CA from the mounted Secret and the client PEM that
     * HAProxy's start joins on /tmp: both are made here (openssl) and their paths put in.
     */
    private String withTestCertificates(String config, String name) throws IOException {
        if (!config.contains("/etc/redis-tls/")) {
            return config;
        }
        TestCertificates certs = new TestCertificates(work.resolve(name + "-certs"));
        Path[] client = certs.issue("client", 7, List.of("localhost"));
        Path pem = work.resolve(name + "-client.pem");
        Files.writeString(pem, Files.readString(client[0]) + Files.readString(client[1]));
        return config.replaceAll("/etc/redis-tls/[^ \\n]+", certs.ca().toString()).replace("/tmp/client.pem", pem.toString());
    }

    private static Stream<String> configs(Path dir) {
        try {
            Manifests manifests = Manifests.parse(Files.readString(dir.resolve("expected.yaml")));
            return manifests.ofKind("ConfigMap").stream()
                    .filter(m -> m.path("data").has("haproxy.cfg"))
                    .map(m -> m.path("data").path("haproxy.cfg").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
