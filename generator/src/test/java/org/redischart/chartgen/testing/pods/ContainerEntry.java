package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How an exec enters a running container: {@code nsenter} into the network and mount namespaces
 * its main process already has, instead of building them again (a netns exec, a private mount
 * namespace and a dozen binds per exec). Probes run several times a second across the suites,
 * and the rebuilt namespaces cost more CPU (mostly in the kernel) than the probes themselves.
 * <p>
 * Only once the main process runs the container's command: while it is still one of the
 * harness's setup steps (setsid, the cgroup join, ip netns exec, unshare, the mount script,
 * chroot or setpriv), its namespaces are not complete yet.
 */
final class ContainerEntry {
    /** {@code $0} of the mount script {@link Pod#wrapper} runs, so a setup step is recognised. */
    static final String SETUP_NAME = "pod-setup";

    private static final Set<String> SETUP_PROGRAMS = Set.of("setsid", "ip", "unshare", "nsenter", "chroot", "setpriv");

    private ContainerEntry() {
    }

    /** {@code pid} when it runs the container's own command, empty while it is a setup step or gone. */
    static OptionalLong settled(long pid) {
        List<String> argv = commandLine(pid);
        return argv.isEmpty() || isSetupStep(argv) ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /** The command {@code pid}'s namespaces are entered with, before the uid switch. */
    static List<String> nsenter(long pid) {
        return List.of("nsenter", "--target", Long.toString(pid), "--mount", "--net");
    }

    static boolean isSetupStep(List<String> argv) {
        // The name after the last slash, never null as Path.of("/").getFileName() is: a name that
        // tells nothing is taken for a setup step, and the exec builds the namespaces as a start does.
        String first = argv.get(0);
        String program = first.substring(first.lastIndexOf('/') + 1);
        if (program.isBlank() || SETUP_PROGRAMS.contains(program)) {
            return true;
        }
        boolean shell = program.equals("sh") && argv.size() >= 3 && argv.get(1).equals("-c");
        return shell && (argv.size() >= 4 && argv.get(3).equals(SETUP_NAME) || argv.get(2).contains("cgroup.procs && exec"));
    }

    private static List<String> commandLine(long pid) {
        try {
            String line = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return line.isEmpty() ? List.of() : Arrays.asList(line.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
