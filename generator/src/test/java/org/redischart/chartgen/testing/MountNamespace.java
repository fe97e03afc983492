package org.redischart.chartgen.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs a command in its own mount namespace ({@code unshare -m}, private propagation) with
 * files and directories bind-mounted where a pod would see them: a hosts file and resolv.conf
 * that resolve the pods' DNS names, and volumes at their mount paths. Nothing is visible
 * outside the process, and nothing is left behind when it exits. A mount path whose directory
 * does not exist on this machine gets an empty tmpfs over its parent in the namespace first.
 */
public final class MountNamespace {
    private final Map<String, Path> mounts;

    /** {@code mounts}: target path inside the namespace to the local file or directory shown there. */
    public MountNamespace(Map<String, Path> mounts) {
        this.mounts = Map.copyOf(mounts);
    }

    /** {@code command}, prefixed so it runs in the namespace; its process id stays that of the command. */
    public List<String> wrap(List<String> command) {
        StringBuilder script = new StringBuilder("set -e\n");
        // Parents before children; a target that would hide a source (/tmp over the test's
        // own temporary directory) after every other mount.
        Comparator<Map.Entry<String, Path>> order = Comparator
                .comparing((Map.Entry<String, Path> m) -> hidesASource(m.getKey()))
                .thenComparing(m -> m.getKey().length()).thenComparing(Map.Entry::getKey);
        mounts.entrySet().stream().sorted(order).forEach(mount -> {
            String target = quote(mount.getKey());
            String parent = quote(Path.of(mount.getKey()).getParent().toString());
            script.append("[ -e ").append(target).append(" ] || { mount -t tmpfs tmpfs ").append(parent)
                    .append("; mkdir -p ").append(target).append("; }\n")
                    .append("mount --bind ").append(quote(mount.getValue().toString())).append(' ').append(target).append('\n');
        });
        // The working directory may now be hidden: fall back to / (as an image WORKDIR would).
        script.append("cd \"$PWD\" 2>/dev/null || cd /\nexec \"$@\"\n");
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "--",
                "sh", "-c", script.toString(), "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    private boolean hidesASource(String target) {
        return mounts.values().stream().anyMatch(source -> source.toAbsolutePath().startsWith(Path.of(target)));
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
