package org.redischart.chartgen.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.redischart.chartgen.testing.MountNamespace;
import org.redischart.chartgen.testing.pods.ImageRoot;

/**
 * The server a throughput row measures: its name in the table ("redis", "valkey"), its program,
 * and how a command line of that program is launched (as it is on this machine, or chrooted
 * into an image root).
 *
 * @param name the name the row's figures start with
 * @param server the server program ("redis-server")
 * @param launcher turns the server's command line into the one to start
 */
record Engine(String name, String server, UnaryOperator<List<String>> launcher) {
    /** This machine's redis-server. */
    static final Engine REDIS = new Engine("redis", "redis-server", UnaryOperator.identity());

    /**
     * valkey-server of trixie's Valkey root (this machine has none), chrooted as root in a
     * private mount namespace with /tmp, where the bench works, bound in.
     */
    static Engine valkey() {
        ImageRoot root = ImageRoot.valkeyTrixie();
        return new Engine("valkey", "valkey-server",
                command -> new MountNamespace(Map.of()).wrap(root.command(Map.of("/tmp", Path.of("/tmp")), 0, 0, command)));
    }

    /** The command line that starts {@code server} with {@code args}. */
    List<String> command(List<String> args) {
        List<String> command = new java.util.ArrayList<>(List.of(server));
        command.addAll(args);
        return launcher.apply(command);
    }

    /** "valkey-server 8.1.1", from what the server prints ("Valkey server v=8.1.1 sha=…"). */
    String version(Processes processes, Path work) {
        String printed = processes.run(command(List.of("--version")), work, 60).strip();
        java.util.regex.Matcher v = java.util.regex.Pattern.compile("v=(\\S+)").matcher(printed);
        return v.find() ? server + " " + v.group(1) : printed;
    }
}
