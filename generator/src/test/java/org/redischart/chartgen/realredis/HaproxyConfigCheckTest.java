package org.redischart.chartgen.realredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.MountNamespace;
import org.redischart.chartgen.testing.Scenarios;
import org.redischart.chartgen.testing.pods.ImageRoot;
import org.redischart.chartgen.testing.pods.Shell;
import org.redischart.chartgen.testing.pods.TestCertificates;

/**
 * Every haproxy.cfg of the golden scenarios (the files GoldenScenariosTest pins to the chart's
 * output) is accepted without a warning by {@code haproxy -c} of HAProxy 3.0 (Debian trixie's,
 * the newest this machine can run, in its image root as the image's user 99). The host's 2.6
 * is not asked: it knows fewer warnings than 3.0 and the chart pins 3.2.
 */
class HaproxyConfigCheckTest {
    private static final ImageRoot HAPROXY = ImageRoot.haproxyTrixie();
    private static final long HAPROXY_UID = 99;
    private static final Pattern SECTION = Pattern.compile("(?m)^\\s*(frontend|backend|listen|defaults) (\\S+)\\s*$");
    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server \\S+ ([^\\s:]+):");

    @TempDir
    Path work;

    @BeforeAll
    static void printTheHaproxyItRuns() {
        System.out.println("haproxy config check: " + HAPROXY.run(List.of("haproxy", "-v")).lines().findFirst().orElseThrow()
                + " (image root " + HAPROXY.path().getFileName() + ")");
    }

    /**
     * With HAProxy 3.0, the newest this machine can run (trixie's, in its image root): each
     * config file is bound at /check, the certificates it names beside it.
     */
    @TestFactory
    Stream<DynamicTest> everyRenderedHaproxyConfigPassesHaproxysOwnCheck() {
        return Scenarios.goldenDirs().stream().flatMap(dir -> configs(dir).map(config -> DynamicTest.dynamicTest(
                dir.getFileName().toString(), () -> {
                    String name = dir.getFileName().toString();
                    Path checked = Files.createDirectories(work.resolve(name));
                    Files.writeString(checked.resolve("haproxy.cfg"), withTestCertificates(config, checked).replace(checked.toString(), "/check"));
                    // The pod names resolve through a hosts file, so no check waits on a DNS server.
                    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
                    SERVER.matcher(config).results().map(m -> m.group(1)).distinct()
                            .forEach(host -> hosts.append("127.0.0.1 ").append(host).append('\n'));
                    MountNamespace namespace = new MountNamespace(Map.of(
                            "/etc/hosts", Files.writeString(work.resolve(name + ".hosts"), hosts),
                            "/etc/resolv.conf", Files.writeString(work.resolve(name + ".resolv"), "nameserver 127.0.0.1\n")));
                    ProcessBuilder builder = new ProcessBuilder(namespace.wrap(HAPROXY.command(Map.of("/check", checked),
                            HAPROXY_UID, HAPROXY_UID, List.of("haproxy", "-c", "-V", "-f", "/check/haproxy.cfg")))).redirectErrorStream(true);
                    builder.environment().put("REDIS_PASSWORD", "checked-password");
                    Process process = builder.start();
                    String output = new String(process.getInputStream().readAllBytes());
                    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    assertThat(process.exitValue()).as("haproxy -c:\n%s", output).isZero();
                    // -V: 3.0 says nothing of a valid file otherwise; a warning or notice is a line more.
                    assertThat(output.strip()).as("haproxy -c -V output (warnings)").isEqualTo("Configuration file is valid");
                })));
    }

    /**
     * No two sections share a name: HAProxy 3.2 warns when a frontend and a backend do, 3.3
     * refuses to start, and the 3.0 that haproxy -c runs here says nothing about it.
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
     * HAProxy's start joins on /tmp: both are made here (openssl) in {@code dir}, readable by
     * HAProxy's user, and their paths put in.
     */
    private String withTestCertificates(String config, Path dir) throws IOException {
        if (!config.contains("/etc/redis-tls/")) {
            return config;
        }
        TestCertificates certs = new TestCertificates(dir.resolve("certs"));
        Path[] client = certs.issue("client", 7, List.of("localhost"));
        Path pem = dir.resolve("client.pem");
        Files.writeString(pem, Files.readString(client[0]) + Files.readString(client[1]));
        assertThat(Shell.tryRun(Duration.ofSeconds(10), "chown", "-R", HAPROXY_UID + ":" + HAPROXY_UID, dir.toString()).exit())
                .as("chown of the check's certificates to HAProxy's user").isZero();
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
