package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HAProxy container of a rendered Deployment run as a real {@code haproxy} process: its
 * command, arguments and environment exactly as rendered (a Secret key becomes the password
 * given here), its ConfigMap files written as rendered but for one edit (each {@code bind :port},
 * every address of the pod, listens on 127.0.0.1 only: this host is not a pod), and every volume bind-mounted at its
 * mount path in a private mount namespace, beside whatever else the caller mounts there (a
 * hosts file and resolv.conf for the pod names). {@link #close} kills it.
 */
public final class HaproxyProcess implements AutoCloseable {
    private static final Pattern STATS_SOCKET = Pattern.compile("(?m)^\\s*stats socket (\\S+)");

    private final Process process;
    private final Path log;
    private final Map<String, Path> mounts;
    private final JsonNode container;
    private final String config;

    private HaproxyProcess(Process process, Path log, Map<String, Path> mounts, JsonNode container, String config) {
        this.process = process;
        this.log = log;
        this.mounts = mounts;
        this.container = container;
        this.config = config;
    }

    /**
     * Starts the first container of Deployment {@code name} under {@code dir} and waits until its
     * readiness probe (an HTTP GET, sent to 127.0.0.1) answers 200.
     */
    public static HaproxyProcess start(Manifests manifests, String name, String password, Path dir,
            Map<String, Path> extraMounts) {
        JsonNode podSpec = manifests.get("Deployment", name).at("/spec/template/spec");
        JsonNode container = podSpec.path("containers").get(0);
        try {
            Map<String, Path> volumes = new HashMap<>();
            String config = "";
            for (JsonNode volume : podSpec.path("volumes")) {
                Path local = Files.createDirectories(dir.resolve(volume.path("name").asText()));
                volumes.put(volume.path("name").asText(), local);
                if (volume.has("configMap")) {
                    JsonNode data = manifests.get("ConfigMap", volume.at("/configMap/name").asText()).path("data");
                    for (Map.Entry<String, JsonNode> file : data.properties()) {
                        String text = file.getKey().endsWith(".cfg") ? loopbackBinds(file.getValue().asText()) : file.getValue().asText();
                        Files.writeString(local.resolve(file.getKey()), text);
                        config += text;
                    }
                }
            }
            Map<String, Path> mounts = new LinkedHashMap<>(extraMounts);
            container.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(),
                    volumes.get(m.path("name").asText())));
            List<String> command = new ArrayList<>();
            container.path("command").forEach(c -> command.add(c.asText()));
            container.path("args").forEach(a -> command.add(a.asText()));
            Path log = dir.resolve("haproxy.log");
            ProcessBuilder builder = new ProcessBuilder(new MountNamespace(mounts).wrap(command))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            for (JsonNode env : container.path("env")) {
                String value = env.has("value") ? env.path("value").asText()
                        : env.path("valueFrom").has("secretKeyRef") ? password : null;
                if (value != null) {
                    builder.environment().put(env.path("name").asText(), value);
                }
            }
            HaproxyProcess haproxy = new HaproxyProcess(builder.start(), log, mounts, container, config);
            try {
                haproxy.awaitReady(Duration.ofSeconds(10));
            } catch (RuntimeException | Error e) {
                haproxy.close();
                throw e;
            }
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start HAProxy of " + name, e);
        }
    }

    /**
     * The rendered binds ({@code bind :port}, or {@code bind :::port v4v6} for IPv6) on 127.0.0.1:
     * in a pod they take the pod's addresses; here they would take every address of the host.
     */
    static String loopbackBinds(String config) {
        String local = config.replaceAll("(?m)^(\\s*bind )(?::::)?:([0-9]+)(?: v4v6)?\\s*$", "$1127.0.0.1:$2");
        if (local.lines().filter(l -> l.strip().startsWith("bind ")).anyMatch(l -> !l.contains("127.0.0.1:"))) {
            throw new IllegalStateException("a bind of the rendered haproxy.cfg is not of the form `bind :port`: " + config);
        }
        return local;
    }

    /** The container port with this name, as rendered. */
    public int port(String portName) {
        for (JsonNode port : container.path("ports")) {
            if (portName.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("the HAProxy container has no port named " + portName);
    }

    /** The HTTP status of the rendered readiness probe, sent to 127.0.0.1 as the kubelet sends it to the pod. */
    public int readinessStatus() {
        JsonNode get = container.at("/readinessProbe/httpGet");
        URI uri = URI.create("http://127.0.0.1:" + port(get.path("port").asText()) + get.path("path").asText());
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code show stat} from the runtime API socket the rendered config declares: one map per
     * proxy and server, keyed by the CSV header (pxname, svname, status, check_status, …).
     */
    public List<Map<String, String>> stats() {
        Matcher socket = STATS_SOCKET.matcher(config);
        if (!socket.find()) {
            throw new AssertionError("the rendered haproxy.cfg declares no stats socket");
        }
        Path local = localPath(socket.group(1));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(local));
            channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) >= 0) {
                if (!buffer.hasRemaining()) {
                    break;
                }
            }
            String[] lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\n");
            String[] header = lines[0].replaceFirst("^# ", "").split(",", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                String[] cells = lines[i].split(",", -1);
                Map<String, String> row = new HashMap<>();
                for (int c = 0; c < header.length && c < cells.length; c++) {
                    row.put(header[c], cells[c]);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read HAProxy stats from " + local + "; log:\n" + log(), e);
        }
    }

    /** The status ("UP", "DOWN", "MAINT", …) and last check status of one server. */
    public String serverState(String backend, String server) {
        return stats().stream().filter(r -> backend.equals(r.get("pxname")) && server.equals(r.get("svname")))
                .map(r -> r.get("status") + " " + r.get("check_status")).findFirst()
                .orElseThrow(() -> new AssertionError("no server " + backend + "/" + server + " in HAProxy"));
    }

    /**
     * Sends SIGUSR1 (the official image's stop signal: a soft stop) to the process the container
     * command became and returns how long it took to exit; fails when it is still running after
     * {@code timeout}.
     */
    public Duration softStop(Duration timeout) {
        long sent = System.nanoTime();
        try {
            new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).inheritIO().start().waitFor();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("HAProxy still runs " + timeout + " after SIGUSR1; log:\n" + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Duration.ofNanos(System.nanoTime() - sent);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    private Path localPath(String inside) {
        return mounts.entrySet().stream().filter(m -> inside.startsWith(m.getKey() + "/")).findFirst()
                .map(m -> m.getValue().resolve(inside.substring(m.getKey().length() + 1)))
                .orElseThrow(() -> new AssertionError(inside + " is on no volume of the HAProxy pod"));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited with " + process.exitValue() + ":\n" + log());
            }
            if (readinessStatus() == 200) {
                return;
            }
            LocalPods.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("haproxy not ready within " + timeout + ":\n" + log());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
