package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * A root filesystem built from Debian packages with mmdebstrap, standing for a container image:
 * the suite, the packages and the commands that shape it like the image (the image's user and
 * directories). Built once per machine under {@link #cache} (~/.cache/redis-chart/image-roots),
 * in a directory named after a hash of that description, so a changed package list builds a new
 * root and an unchanged one is reused by every checkout; concurrent test JVMs wait for each
 * other's build.
 *
 * @param name a short name ("redis-trixie")
 * @param suite the Debian suite (trixie)
 * @param packages what mmdebstrap --include installs on top of minbase
 * @param customize shell run inside the finished root (chroot) as root
 * @param imageDir the directory of the built tree that containers see as / ("/": all of it;
 *     a scratch-like image is a few files the customize step copies into a directory)
 * @param entrypoint the image's ENTRYPOINT, run before a container's args when it has no
 *     command; empty when the chart always gives one
 */
public record ImageRoot(String name, String suite, List<String> packages, String customize, String imageDir,
        List<String> entrypoint) {
    /**
     * Redis 8.0 from trixie, shaped like the official redis image where the chart relies on it:
     * user redis 999:999, /data owned by it, redis-server, redis-sentinel and redis-cli on PATH.
     */
    public static ImageRoot redisTrixie() {
        return new ImageRoot("redis-trixie", "trixie", List.of("redis-server", "redis-sentinel", "redis-tools"),
                "groupmod -g 999 redis && usermod -u 999 -g 999 redis && mkdir -p /data && chown 999:999 /data", "/", List.of());
    }

    /**
     * Valkey 8.1 from trixie, shaped like the official valkey image where the chart relies on it:
     * user valkey 999:999 (Debian's package makes it a system user of another id), /data owned by
     * it, valkey-server, valkey-sentinel and valkey-cli on PATH, and the image's entrypoint. Debian
     * installs no redis-* names, so a script that still calls redis-cli fails here.
     */
    public static ImageRoot valkeyTrixie() {
        String entrypoint = java.util.Base64.getEncoder().encodeToString(VALKEY_ENTRYPOINT.getBytes(StandardCharsets.UTF_8));
        return new ImageRoot("valkey-trixie", "trixie", List.of("valkey-server", "valkey-sentinel", "valkey-tools"),
                "groupmod -g 999 valkey && usermod -u 999 -g 999 valkey && mkdir -p /data && chown 999:999 /data"
                + " && chown -R 999:999 /etc/valkey /var/lib/valkey /var/log/valkey && mkdir -p /usr/local/bin"
                + " && echo " + entrypoint + " | base64 -d > /usr/local/bin/docker-entrypoint.sh"
                + " && chmod 755 /usr/local/bin/docker-entrypoint.sh", "/", List.of("docker-entrypoint.sh"));
    }

    /**
     * What the valkey image's docker-entrypoint.sh does, written for this root: options or a
     * .conf file alone start valkey-server with them; as root, valkey-server drops to the valkey
     * user; a umask of 0022 becomes 0077. The pods' containers run as 999, so only the first and
     * last two apply to them
     * (and VALKEY_EXTRA_FLAGS, appended to the command).
     */
    private static final String VALKEY_ENTRYPOINT = """
            #!/bin/sh
            set -e
            case "$1" in
            -*|*.conf) set -- valkey-server "$@" ;;
            esac
            if [ "$1" = valkey-server ] && [ "$(id -u)" = 0 ]; then
              exec setpriv --reuid=valkey --regid=valkey --clear-groups -- "$0" "$@"
            fi
            [ "$(umask)" != 0022 ] || umask 0077
            # shellcheck disable=SC2086 # split on purpose, as the image does
            exec "$@" ${VALKEY_EXTRA_FLAGS:-}
            """;

    /**
     * HAProxy 3.0 from trixie, shaped like the haproxy:*-alpine image: user haproxy 99:99, and
     * busybox as the whole userland (Debian's static busybox, only the applets the image list
     * {@code images/haproxy.programs} names linked), so the container's {@code sh -c} line runs
     * in busybox sh and a program the image lacks is not found. Every other program is removed.
     */
    public static ImageRoot haproxyTrixie() {
        List<String> applets = imageProgramList("haproxy").stream().filter(p -> !p.equals("haproxy") && !p.equals("busybox")).toList();
        String bb = "/usr/bin/busybox";
        // dash runs this script and is removed by it: from the removal on, every program is busybox's.
        return new ImageRoot("haproxy-trixie", "trixie", List.of("haproxy", "busybox-static"),
                "groupmod -g 99 haproxy && usermod -u 99 -g 99 haproxy"
                + " && for a in " + String.join(" ", applets) + "; do " + bb + " --list | " + bb
                + " grep -qx \"$a\" || { echo \"busybox lacks $a\"; exit 1; }; done"
                + " && for f in /usr/bin/* /usr/sbin/*; do case $f in /usr/sbin/haproxy|" + bb + ") ;; *) " + bb
                + " rm -rf \"$f\" ;; esac; done"
                + " && for a in " + String.join(" ", applets) + "; do " + bb + " ln -s busybox /usr/bin/$a; done", "/", List.of());
    }

    /**
     * The exporter 1.69 from trixie, shaped like the scratch redis_exporter image: /redis_exporter,
     * the CA certificates, and, as Debian links it dynamically, the C library and its loader.
     * Nothing else: no shell, no user database.
     */
    public static ImageRoot exporterTrixie() {
        String lib = "/usr/lib/x86_64-linux-gnu";
        return new ImageRoot("exporter-trixie", "trixie", List.of("prometheus-redis-exporter", "ca-certificates"),
                "mkdir -p /scratch/etc/ssl/certs /scratch/lib64 /scratch" + lib + " /scratch/dev /scratch/proc /scratch/tmp"
                + " && cp /usr/bin/prometheus-redis-exporter /scratch/redis_exporter"
                + " && cp /etc/ssl/certs/ca-certificates.crt /scratch/etc/ssl/certs/"
                + " && cp -L /lib64/ld-linux-x86-64.so.2 /scratch/lib64/ && cp -L " + lib + "/libc.so.6 /scratch" + lib + "/"
                + " && chmod 1777 /scratch/tmp", "/scratch", List.of("/redis_exporter"));
    }

    /** The programs an image list under src/test/resources/images names, comments left out. */
    static List<String> imageProgramList(String image) {
        try {
            return Files.readAllLines(RepoLayout.testResources().resolve("images").resolve(image + ".programs")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the program list of image " + image, e);
        }
    }

    /**
     * {@code command} chrooted into this root as {@code uid}:{@code gid}, with {@code volumes}
     * (path inside the root to a local file or directory) bound in, and the calling mount
     * namespace's /etc/hosts and /etc/resolv.conf; the root read-only. Run it in a private mount
     * namespace ({@code MountNamespace.wrap}), or the binds would show on this machine.
     */
    public List<String> command(Map<String, Path> volumes, long uid, long gid, List<String> command) {
        List<String[]> binds = volumes.entrySet().stream().map(v -> new String[] {v.getKey(), v.getValue().toString()}).toList();
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "set -e\n" + ImageRootEntry.mounts(path(), binds)
                + "exec " + ImageRootEntry.chroot(path(), uid, gid) + "\"$@\"\n", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The output of {@code command} run chrooted into this root as root (a version query). */
    public String run(List<String> command) {
        List<String> chrooted = new ArrayList<>(List.of("chroot", path().toString()));
        chrooted.addAll(command);
        return Shell.run(java.time.Duration.ofSeconds(30), chrooted.toArray(String[]::new));
    }

    /** The root directory (the image's /), built first when it is not there yet. */
    public Path path() {
        Path base = cache();
        Path root = base.resolve(name + "-" + hash());
        try {
            Files.createDirectories(base);
            try (FileChannel lockFile = FileChannel.open(base.resolve(name + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                if (!Files.exists(root.resolve(".built"))) {
                    build(root);
                }
            }
            return "/".equals(imageDir) ? root : root.resolve(imageDir.substring(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the image root " + name, e);
        }
    }

    /**
     * Where the roots are kept for every checkout of this machine, so a fresh clone does not
     * build them again: {@code -Dpods.imageRootCache}, else $XDG_CACHE_HOME or ~/.cache, under
     * redis-chart/image-roots. Delete it to build them anew from today's packages.
     */
    static Path cache() {
        String property = System.getProperty("pods.imageRootCache", "");
        if (!property.isEmpty()) {
            return Path.of(property);
        }
        String xdg = System.getenv().getOrDefault("XDG_CACHE_HOME", "");
        Path cacheHome = xdg.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return cacheHome.resolve("redis-chart/image-roots");
    }

    private void build(Path root) throws IOException {
        Path partial = root.resolveSibling(root.getFileName() + ".partial");
        Shell.run(java.time.Duration.ofSeconds(60), "rm", "-rf", partial.toString(), root.toString());
        List<String> command = new ArrayList<>(List.of("mmdebstrap", "--mode=root", "--variant=minbase", "--quiet",
                "--include=" + String.join(",", packages), "--customize-hook=chroot \"$1\" sh -c '" + customize + "'",
                suite, partial.toString()));
        Path log = root.resolveSibling(root.getFileName() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("mmdebstrap of image root " + name + " failed: " + command + "\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Files.writeString(partial.resolve(".built"), String.join("\n", command) + "\n");
        Files.move(partial, root);
    }

    private String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    String.join("\n", suite, String.join(",", packages), customize).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
