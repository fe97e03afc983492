package org.redischart.chartgen.testing.pods;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of {@link ClusterDns} that runs inside the pod network: a small JVM started with
 * {@code ip netns exec} that listens on UDP and TCP port 53 of the DNS address and passes each
 * question, tagged with a number, over one Unix socket to the test JVM, which holds the names,
 * the cache and the delay, and sends each answer back tagged the same way, in any order. One
 * long-lived process, so an answer costs no fork (a socat per question took 50–100 ms on 2
 * busy cores, and Sentinel resolves names on its event loop).
 * Frames both ways ({@link #write}, {@link #read}): int tag, unsigned short length, the DNS message.
 */
public final class DnsRelay {
    private final SocketChannel toServer;
    private final DatagramSocket udp;
    private final Map<Integer, SocketAddress> udpPeers = new ConcurrentHashMap<>();
    private final Map<Integer, DataOutputStream> tcpPeers = new ConcurrentHashMap<>();
    private final AtomicInteger tags = new AtomicInteger();

    private DnsRelay(SocketChannel toServer, DatagramSocket udp) {
        this.toServer = toServer;
        this.udp = udp;
    }

    /** Arguments: the address to listen on, the Unix socket of the test JVM. */
    public static void main(String[] args) throws IOException {
        InetAddress address = InetAddress.getByName(args[0]);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(args[1]));
        DnsRelay relay = new DnsRelay(channel, new DatagramSocket(new InetSocketAddress(address, 53)));
        ServerSocket tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(address, 53));
        daemon(relay::receiveUdp);
        daemon(() -> relay.acceptTcp(tcp));
        System.out.println("listening");
        System.out.flush();
        relay.answer(); // returns when the test JVM closes the socket: then exit
        System.exit(0);
    }

    private void receiveUdp() {
        byte[] buffer = new byte[4096];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                int tag = tags.incrementAndGet();
                udpPeers.put(tag, packet.getSocketAddress());
                forward(tag, buffer, packet.getLength());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void acceptTcp(ServerSocket server) {
        while (true) {
            try {
                Socket client = server.accept();
                daemon(() -> serveTcp(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                int tag = tags.incrementAndGet();
                tcpPeers.put(tag, out);
                forward(tag, query, query.length);
            }
        } catch (IOException e) {
            // the client closed its connection
        }
    }

    private void forward(int tag, byte[] query, int length) throws IOException {
        write(toServer, tag, java.util.Arrays.copyOf(query, length));
    }

    private void answer() {
        try {
            while (true) {
                ByteBuffer header = read(toServer, 6);
                int tag = header.getInt();
                byte[] reply = read(toServer, header.getShort() & 0xffff).array();
                SocketAddress peer = udpPeers.remove(tag);
                if (peer != null) {
                    udp.send(new DatagramPacket(reply, reply.length, peer));
                }
                DataOutputStream tcp = tcpPeers.remove(tag);
                if (tcp != null) {
                    synchronized (tcp) {
                        tcp.writeShort(reply.length);
                        tcp.write(reply);
                        tcp.flush();
                    }
                }
            }
        } catch (IOException e) {
            // the test JVM closed the socket: the relay ends
        }
    }

    /**
     * One frame onto {@code channel}. Frames go straight to the channel: streams from
     * Channels.newInputStream/newOutputStream share one lock, so a blocked read stops writes.
     */
    static void write(SocketChannel channel, int tag, byte[] message) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(6 + message.length).putInt(tag).putShort((short) message.length).put(message);
        frame.flip();
        synchronized (channel) {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        }
    }

    /** Exactly {@code length} bytes from {@code channel}, flipped for reading. */
    static ByteBuffer read(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new java.io.EOFException();
            }
        }
        return buffer.flip();
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
    }
}
