package org.redischart.chartgen.testing.pods;

import java.nio.file.Path;
import java.util.List;

/**
 * Step 3 of {@link Pod#wrapper}: the shell lines that enter a container's image root. The root
 * is bound on a mount point of its own (private to the container's mount namespace), the pod's
 * volumes, /etc/hosts, /etc/resolv.conf (the pod network's), /proc and /dev are bound into it,
 * the root itself is made read-only, and the command continues under chroot. Only the volumes
 * are writable, and a program the image lacks is not found.
 */
final class ImageRootEntry {
    private ImageRootEntry() {
    }

    /** The mount lines; {@code volumes} pairs each mount path with its local source. */
    static String mounts(Path root, List<String[]> volumes) {
        String mnt = mountPoint(root);
        StringBuilder script = new StringBuilder();
        script.append("mkdir -p ").append(mnt).append('\n')
                .append("mount --bind ").append(quote(root.toString())).append(' ').append(mnt).append('\n');
        // Mount points are empty directories in the shared root; creating one is harmless to others.
        // One mkdir for all: each exec into a root runs these lines, and a process costs on a busy machine.
        if (!volumes.isEmpty()) {
            script.append("mkdir -p");
            volumes.forEach(volume -> script.append(' ').append(mnt).append('/').append(quote(volume[0].replaceFirst("^/", ""))));
            script.append('\n');
        }
        for (String[] volume : volumes) {
            script.append("mount --bind ").append(quote(volume[1])).append(' ').append(mnt).append('/')
                    .append(quote(volume[0].replaceFirst("^/", ""))).append('\n');
        }
        for (String file : List.of("/etc/hosts", "/etc/resolv.conf")) {
            script.append("[ -e ").append(mnt).append(file).append(" ] || touch ").append(mnt).append(file).append('\n')
                    .append("mount --bind ").append(file).append(' ').append(mnt).append(file).append('\n');
        }
        script.append("mount --rbind /dev ").append(mnt).append("/dev\n")
                .append("mount --rbind /proc ").append(mnt).append("/proc\n")
                // Read-only applies to the root's own mount; the volumes bound into it stay writable.
                .append("mount -o remount,bind,ro ").append(mnt).append('\n');
        return script.toString();
    }

    /**
     * What the wrapper's last command starts with: the host's chroot enters the root and takes
     * the container's uid and gid (groups: the gid only), so a root needs no setpriv of its own.
     */
    static String chroot(Path root, long uid, long gid) {
        return "/usr/sbin/chroot --userspec=" + uid + ":" + gid + " " + mountPoint(root) + " ";
    }

    /** As {@link #chroot}, as a command list for an exec into a container already in its mount namespace. */
    static List<String> chrootCommand(Path root, long uid, long gid) {
        return List.of("/usr/sbin/chroot", "--userspec=" + uid + ":" + gid, mountPath(root).toString());
    }

    private static Path mountPath(Path root) {
        return root.resolveSibling(root.getFileName() + ".mnt");
    }

    private static String mountPoint(Path root) {
        return quote(mountPath(root).toString());
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
