package org.redischart.chartgen.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A DNS server on UDP port 53 of one loopback address that answers A queries for a fixed set
 * of names, as the cluster DNS answers for pod names: a process that re-resolves names while
 * it runs (HAProxy's {@code resolvers} with {@code parse-resolv-conf}) is pointed at it through
 * a resolv.conf in its own mount namespace ({@link MountNamespace}). Unknown names get
 * NXDOMAIN; other query types for known names get an empty answer.
 */
public final class FakeDns implements AutoCloseable {
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private final DatagramSocket socket;
    private final Map<String, String> names;
    private final Thread thread;

    /** Serves {@code names} (host name to IPv4 address) on {@code address}:53. */
    public FakeDns(String address, Map<String, String> names) {
        this.names = new ConcurrentHashMap<>();
        names.forEach((name, ip) -> this.names.put(name.toLowerCase(Locale.ROOT), ip));
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 53));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ":53/udp", e);
        }
        thread = new Thread(this::serve, "fake-dns-" + address);
        thread.setDaemon(true);
        thread.start();
    }

    /** The resolv.conf text that sends queries here. */
    public String resolvConf() {
        return "nameserver " + socket.getLocalAddress().getHostAddress() + "\n";
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(query);
                byte[] reply = answer(query.getData(), query.getLength());
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, query.getSocketAddress()));
                }
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a malformed query: drop it, as a resolver would time out and retry
            }
        }
    }

    private byte[] answer(byte[] q, int length) {
        return reply(q, length, name -> names.get(name.toLowerCase(Locale.ROOT)), 1);
    }

    /**
     * The reply to one query of {@code length} bytes: the question echoed, and an A (IPv4) or
     * AAAA (IPv6) record with {@code ttlSeconds} when {@code lookup} knows the name; NXDOMAIN
     * when it returns null, an empty answer for a known name asked another type; null for a
     * query too short to answer. Shared with the pods' cluster DNS.
     */
    public static byte[] reply(byte[] q, int length, Function<String, String> lookup, long ttlSeconds) {
        if (length < 12) {
            return null;
        }
        int at = 12;
        StringBuilder name = new StringBuilder();
        while (q[at] != 0) {
            int label = q[at] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, at + 1, label, StandardCharsets.US_ASCII));
            at += label + 1;
        }
        int questionEnd = at + 5;
        int type = ((q[at + 1] & 0xff) << 8) | (q[at + 2] & 0xff);
        String ip = lookup.apply(name.toString());
        byte[] address = ip == null ? null : literal(ip);
        boolean answered = address != null && type == (address.length == 4 ? TYPE_A : TYPE_AAAA);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x84 | (q[2] & 0x01)); // response, authoritative, RD copied
        out.write(0x80 | (ip == null ? 3 : 0)); // RA; NXDOMAIN for unknown names
        out.writeBytes(new byte[] {0, 1, 0, answered ? (byte) 1 : 0, 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        if (answered) {
            int ttl = (int) Math.min(Integer.MAX_VALUE, Math.max(0, ttlSeconds));
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1,
                    (byte) (ttl >>> 24), (byte) (ttl >>> 16), (byte) (ttl >>> 8), (byte) ttl, 0, (byte) address.length});
            out.writeBytes(address);
        }
        return out.toByteArray();
    }

    private static byte[] literal(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress(); // a literal: no lookup happens
        } catch (IOException e) {
            throw new UncheckedIOException("not an IP literal: " + ip, e);
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An /etc/hosts for a pod's mount namespace: localhost, then each name at its address. */
    public static String hostsFile(Map<String, String> names) {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        names.forEach((name, ip) -> hosts.append(ip).append(' ').append(name).append('\n'));
        return hosts.toString();
    }
}
