package org.redischart.chartgen.testing.pods;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens a TCP connection inside a named network namespace from the test JVM: the calling
 * thread enters the namespace with setns(2) (a network namespace is per thread), creates and
 * connects the socket there, and returns to the host's namespace; the socket stays in the
 * namespace it was made in. No process is started.
 */
final class NamespaceSockets {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);
    }

    /** The host's namespace, as the JVM's main thread has it (no thread but a connecting one ever leaves it). */
    private static final int HOST = openNamespace("/proc/self/ns/net");

    private NamespaceSockets() {
    }

    /** A connection to {@code target} made inside {@code namespace} (a name under /run/netns). */
    static Socket connect(String namespace, InetSocketAddress target, int timeoutMillis) throws IOException {
        int fd = LibC.C.open("/run/netns/" + namespace, O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new IOException("no network namespace " + namespace + ": errno " + Native.getLastError());
        }
        try {
            enter(fd, namespace);
            try {
                Socket socket = new Socket();
                try {
                    socket.connect(target, timeoutMillis);
                    return socket;
                } catch (IOException | RuntimeException e) {
                    socket.close();
                    throw e;
                }
            } finally {
                if (LibC.C.setns(HOST, CLONE_NEWNET) != 0) {
                    // A thread left in a pod's namespace would open every later socket there.
                    throw new IllegalStateException("cannot return to the host's network namespace: errno " + Native.getLastError());
                }
            }
        } finally {
            LibC.C.close(fd);
        }
    }

    private static void enter(int fd, String namespace) throws IOException {
        if (LibC.C.setns(fd, CLONE_NEWNET) != 0) {
            throw new IOException("cannot enter the network namespace " + namespace + ": errno " + Native.getLastError());
        }
    }

    private static int openNamespace(String path) {
        int fd = LibC.C.open(path, O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("cannot open " + path + ": errno " + Native.getLastError());
        }
        return fd;
    }
}
