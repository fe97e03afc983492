package org.redischart.chartgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.pods.Shell;

/**
 * Every host command the tests run comes from a Debian package that {@code make deps} installs
 * (.ci/packages), or from one Debian always has: a fresh machine runs them all, none is found
 * missing halfway through a fault suite. (nft once was missing from the list: CI's machine
 * happened to have it, a fresh one did not.)
 */
class HostToolsTest {
    /** The host commands of the harness, the fault suites, the config tests and make bench. */
    private static final List<String> TOOLS = List.of(
            "ip", "tc", "bridge", "nft", "unshare", "nsenter", "setpriv", "setsid", "chroot", "timeout",
            "mount", "umount", "mkfs.ext4", "truncate", "dd", "getent", "pkill", "socat", "curl", "openssl",
            "gpg", "busybox", "shellcheck", "mmdebstrap", "redis-server", "redis-sentinel", "redis-cli",
            "redis-benchmark", "haproxy", "promtool", "prometheus-redis-exporter");

    @Test
    void everyHostToolComesFromAPackageMakeDepsInstalls() throws IOException {
        Map<String, String> paths = new TreeMap<>();
        for (String line : run("sh", "-c", "for t in " + String.join(" ", TOOLS) + "; do printf '%s %s\\n' $t \"$(command -v $t)\"; done").lines().toList()) {
            String[] words = line.strip().split(" ", 2);
            paths.put(words[0], words.length == 2 ? words[1] : "");
        }
        Map<String, String> owners = owners(paths.values());
        Set<String> listed = listedPackages();
        Map<String, Installed> installed = installed(new TreeSet<>(owners.values()), listed);
        Set<String> covered = new TreeSet<>(listed);
        for (String p : listed) {
            covered.addAll(installed.getOrDefault(p, Installed.NONE).depends());
        }
        List<String> problems = new ArrayList<>();
        for (String tool : TOOLS) {
            String path = paths.getOrDefault(tool, "");
            String owner = owners.getOrDefault(path, "");
            if (path.isEmpty()) {
                problems.add(tool + ": not installed (make deps installs .ci/packages: is its package listed?)");
            } else if (owner.isEmpty()) {
                problems.add(tool + ": " + path + " belongs to no Debian package");
            } else if (!covered.contains(owner) && !installed.getOrDefault(owner, Installed.NONE).onEveryDebian()) {
                problems.add(tool + ": from package " + owner + ", which .ci/packages does not list");
            }
        }
        assertThat(problems).as("host tools and .ci/packages").isEmpty();
    }

    private static Set<String> listedPackages() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String line : Files.readAllLines(RepoLayout.root().resolve(".ci/packages"))) {
            String name = line.replaceAll("#.*", "").strip();
            if (!name.isEmpty()) {
                packages.add(name);
            }
        }
        return packages;
    }

    /** The package that owns each file, by one dpkg -S; a path also as its merged-/usr alias. */
    private static Map<String, String> owners(Iterable<String> paths) {
        Map<String, String> byQuery = new TreeMap<>();
        for (String path : paths) {
            if (!path.isEmpty()) {
                byQuery.put(path, path);
                byQuery.put(path.replaceFirst("^/usr/", "/"), path);
            }
        }
        List<String> command = new ArrayList<>(List.of("dpkg", "-S"));
        command.addAll(byQuery.keySet());
        Map<String, String> owners = new TreeMap<>();
        for (String line : run(command.toArray(String[]::new)).lines().toList()) {
            int colon = line.indexOf(": ");
            if (colon > 0 && byQuery.containsKey(line.substring(colon + 2).strip())) {
                owners.put(byQuery.get(line.substring(colon + 2).strip()), line.substring(0, colon).replaceAll("[:,].*", ""));
            }
        }
        return owners;
    }

    /** An installed package: Essential, its Priority, the names it depends on. */
    private record Installed(boolean essential, String priority, Set<String> depends) {
        static final Installed NONE = new Installed(false, "", Set.of());

        boolean onEveryDebian() {
            return essential || priority.equals("required");
        }
    }

    /** What dpkg knows of each installed package of the two sets. */
    private static Map<String, Installed> installed(Set<String> owners, Set<String> listed) {
        Set<String> all = new TreeSet<>(owners);
        all.addAll(listed);
        List<String> command = new ArrayList<>(List.of("dpkg-query", "-W", "-f=${Package}\t${Essential}\t${Priority}\t${Depends},${Pre-Depends}\n"));
        command.addAll(all);
        Map<String, Installed> fields = new TreeMap<>();
        for (String line : run(command.toArray(String[]::new)).lines().toList()) {
            String[] columns = line.split("\t", -1);
            if (columns.length == 4) {
                Set<String> names = new TreeSet<>(List.of(columns[3].replaceAll("\\([^)]*\\)|:any", "").split("[,| ]+")));
                fields.put(columns[0], new Installed(columns[1].equals("yes"), columns[2], names));
            }
        }
        return fields;
    }

    /** The command's output; a non-zero exit is fine (dpkg names what it does not know on stderr). */
    private static String run(String... command) {
        return Shell.tryRun(Duration.ofSeconds(30), command).output();
    }
}
