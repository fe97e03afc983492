package org.redischart.chartgen.publish;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real OCI registry (Debian's {@code docker-registry}, i.e. distribution 2.8) on 127.0.0.1 and a
 * free port, storing blobs under a test directory; stopped on close. A missing binary fails the
 * test with the apt package to install: the round trip must never be skipped.
 */
final class LocalOciRegistry implements AutoCloseable {

    private static final String BINARY = "docker-registry";
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Process process;
    private final String host;

    LocalOciRegistry(Path workDir) throws IOException, InterruptedException {
        int port = freeLoopbackPort();
        host = "127.0.0.1:" + port;
        Path config = Files.writeString(workDir.resolve("registry.yml"), """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                """.formatted(workDir.resolve("storage"), host));
        try {
            process = new ProcessBuilder(BINARY, "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("registry.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(BINARY + " not found on PATH: install it with "
                    + "'apt-get install docker-registry' (the OCI round trip needs a real registry)", e);
        }
        awaitReady(workDir.resolve("registry.log"));
    }

    /** host:port, as used in {@code oci://} references. */
    String host() {
        return host;
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(BINARY + " exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host + "/v2/").toURL().openConnection();
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException(BINARY + " did not answer on " + host + " within " + STARTUP + ": " + Files.readString(log));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
