package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.HostAndPort;

/**
 * A loopback port of the host namespace that leads to an address as seen from a namespace
 * (the pod network's client namespace): each connection accepted here is relayed by the test
 * JVM to a connection opened inside that namespace ({@link NamespaceSockets}). It behaves as
 * the socat pair it replaces did (connect timeout 2 s; after EOF on one side, the other side's
 * write is shut down and both close 0.5 s later), without two processes per address and two
 * forks per connection.
 */
final class NamespaceProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;
    private static final long LINGER_MILLIS = 500;
    private static final ScheduledExecutorService LINGER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "namespace-proxy-linger");
        thread.setDaemon(true);
        return thread;
    });

    private final String namespace;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    NamespaceProxy(String namespace, String ip, int port) throws IOException {
        this.namespace = namespace;
        this.target = new InetSocketAddress(InetAddress.getByName(ip), port);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "namespace-proxy " + namespace + " -> " + ip + ":" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    HostAndPort address() {
        return new HostAndPort("127.0.0.1", server.getLocalPort());
    }

    boolean alive() {
        return !server.isClosed() && acceptor.isAlive();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(client);
            Thread relay = new Thread(() -> relay(client), acceptor.getName() + " connection");
            relay.setDaemon(true);
            relay.start();
        }
    }

    private void relay(Socket client) {
        Socket pod;
        try {
            pod = NamespaceSockets.connect(namespace, target, CONNECT_TIMEOUT_MILLIS);
            pod.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException | RuntimeException e) {
            close(client);
            return;
        }
        open.add(pod);
        if (server.isClosed()) {
            close(client);
            close(pod);
            return;
        }
        Thread back = new Thread(() -> pump(pod, client), Thread.currentThread().getName() + " back");
        back.setDaemon(true);
        back.start();
        pump(client, pod);
    }

    /** Copies {@code from} to {@code to} until EOF (then half-closes and lingers) or an error (then closes both). */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            LINGER.schedule(() -> {
                close(from);
                close(to);
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(this::close);
    }
}
