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
        String mnt = mountPath(root).toString();
        BindTable binds = new BindTable().bindDirectory(root.toString(), mnt);
        // Mount points are empty directories in the shared root; creating one is harmless to others.
        for (String[] volume : volumes) {
            binds.bindDirectory(volume[1], mnt + "/" + volume[0].replaceFirst("^/", ""));
        }
        for (String file : List.of("/etc/hosts", "/etc/resolv.conf")) {
            BindTable.ensureFile(root.resolve(file.substring(1)));
            binds.bindFile(file, mnt + file);
        }
        binds.rbind("/dev", mnt + "/dev").rbind("/proc", mnt + "/proc");
        // Read-only applies to the root's own mount; the volumes bound into it stay writable.
        return binds.mountLine() + "mount -o remount,bind,ro " + quote(mnt) + "\n";
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
