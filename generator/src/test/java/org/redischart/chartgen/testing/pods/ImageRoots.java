package org.redischart.chartgen.testing.pods;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which image root stands for which container image: the repository name of an image reference
 * ("redis" for docker.io/library/redis:8.2.7) to the {@link ImageRoot} built for it. Containers of
 * other images run on the host's userland, as without roots.
 */
public final class ImageRoots {
    /**
     * The system property naming the roots a pod suite runs on: "redis-trixie", "trixie", or
     * "host"; unset: the host, or the roots a suite runs on by default (the TLS suites: trixie).
     */
    public static final String PROPERTY = "pods.imageRoots";

    private final Map<String, ImageRoot> byRepository;
    private final Map<String, Path> built = new LinkedHashMap<>();

    public ImageRoots(Map<String, ImageRoot> byRepository) {
        this.byRepository = Map.copyOf(byRepository);
    }

    /** Redis 8 from trixie for the redis image. */
    public static ImageRoots redis8() {
        return new ImageRoots(Map.of("redis", ImageRoot.redisTrixie()));
    }

    /**
     * From trixie: Redis 8 for the redis image, Valkey 8.1 for the valkey image, HAProxy 3.0 on
     * busybox for the haproxy image, the exporter 1.69 alone for the redis_exporter image.
     */
    public static ImageRoots trixie() {
        return new ImageRoots(Map.of("redis", ImageRoot.redisTrixie(), "valkey", ImageRoot.valkeyTrixie(),
                "haproxy", ImageRoot.haproxyTrixie(), "redis_exporter", ImageRoot.exporterTrixie()));
    }

    /** The roots {@code -Dpods.imageRoots} names ("redis-trixie", "trixie"), or empty: the host's userland. */
    public static Optional<ImageRoots> fromProperty() {
        return fromProperty(null);
    }

    /** As {@link #fromProperty()}, with {@code byDefault} when the property is unset; "host": the host's userland. */
    public static Optional<ImageRoots> fromProperty(ImageRoots byDefault) {
        String value = System.getProperty(PROPERTY, "");
        return switch (value) {
            case "" -> Optional.ofNullable(byDefault);
            case "host" -> Optional.empty();
            case "redis-trixie" -> Optional.of(redis8());
            case "trixie" -> Optional.of(trixie());
            default -> throw new IllegalArgumentException("-D" + PROPERTY + ": expected redis-trixie, trixie, host or nothing, found " + value);
        };
    }

    /**
     * The roots the pod suites run on: {@code -Dpods.imageRoots}, by default trixie's (Redis 8,
     * HAProxy 3.0 on busybox, the exporter alone), the nearest to the images the chart pins;
     * "host" runs them on the host's userland. Prints what they run once per test JVM.
     */
    public static Optional<ImageRoots> forPodSuites() {
        Optional<ImageRoots> roots = fromProperty(trixie());
        org.redischart.chartgen.testing.SuiteBanner.once("pods run on " + describe(roots));
        return roots;
    }

    private static final Map<Boolean, String> DESCRIBED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The versions {@code roots} (or the host, when empty) run, asked once per JVM. */
    private static String describe(Optional<ImageRoots> roots) {
        return DESCRIBED.computeIfAbsent(roots.isPresent(),
                present -> roots.map(ImageRoots::versions).orElseGet(() -> redisVersion(roots)));
    }

    /** The root for a container image reference, built on first use; empty when none stands for it. */
    public synchronized Optional<Path> rootFor(String imageReference) {
        String repository = repository(imageReference);
        ImageRoot root = byRepository.get(repository);
        if (root == null) {
            return Optional.empty();
        }
        return Optional.of(built.computeIfAbsent(repository, r -> root.path()));
    }

    /** "redis" for docker.io/library/redis:8.2.7. */
    private static String repository(String imageReference) {
        String repository = imageReference.replaceFirst("[@:][^/]*$", "");
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    /** "redis-server v=8.0.2 …" as the redis root's server prints it, for a suite's first line. */
    public String redisVersion() {
        Path root = rootFor("redis").orElseThrow(() -> new IllegalStateException("no redis root"));
        return Shell.run(Duration.ofSeconds(30), "chroot", root.toString(), "redis-server", "--version").strip()
                + " (image root " + root.getFileName() + ")";
    }

    /** "Valkey server v=8.1.1 … (image root …)" as the valkey root's server prints it, for a suite's first line. */
    public String valkeyVersion() {
        Path root = rootFor("valkey").orElseThrow(() -> new IllegalStateException("no valkey root"));
        return Shell.run(Duration.ofSeconds(30), "chroot", root.toString(), "valkey-server", "--version").strip()
                + " (image root " + root.getFileName() + ")";
    }

    /** Whether a root stands for the image repository {@code repository} ("redis_exporter"). */
    public boolean has(String repository) {
        return byRepository.containsKey(repository);
    }

    /** The programs of every root with their versions, for a suite's first line. */
    public String versions() {
        List<String> versions = new java.util.ArrayList<>();
        if (has("redis")) {
            versions.add(redisVersion());
        }
        if (has("valkey")) {
            versions.add(valkeyVersion());
        }
        if (has("haproxy")) {
            versions.add(haproxyVersion());
        }
        if (has("redis_exporter")) {
            versions.add(exporterVersion());
        }
        return String.join("; ", versions);
    }

    /** The ENTRYPOINT of the image the root for {@code imageReference} stands for; empty without one. */
    public List<String> entrypoint(String imageReference) {
        ImageRoot root = byRepository.get(repository(imageReference));
        return root == null ? List.of() : root.entrypoint();
    }

    /** "redis_exporter 1.69.0-1 (image root …)" as the exporter root's binary says, for a suite's first line. */
    public String exporterVersion() {
        Path root = rootFor("redis_exporter").orElseThrow(() -> new IllegalStateException("no exporter root"));
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("Redis Metrics Exporter (\\S+)")
                .matcher(Shell.run(Duration.ofSeconds(30), "chroot", root.toString(), "/redis_exporter", "--version"));
        return "redis_exporter " + (version.find() ? version.group(1) : "(version unknown)")
                + " (image root " + root.getParent().getFileName() + ")";
    }

    /** "HAProxy version 3.0.11-1+deb13u5 … (image root …)", for a suite's first line. */
    public String haproxyVersion() {
        Path root = rootFor("haproxy").orElseThrow(() -> new IllegalStateException("no haproxy root"));
        return Shell.run(Duration.ofSeconds(30), "chroot", root.toString(), "haproxy", "-v").lines().findFirst().orElseThrow()
                + " (image root " + root.getFileName() + ")";
    }

    /** The Redis a suite runs on: the roots' when given, else the host's, for the suite's first line. */
    public static String redisVersion(Optional<ImageRoots> roots) {
        return roots.map(ImageRoots::redisVersion)
                .orElseGet(() -> Shell.run(Duration.ofSeconds(30), "redis-server", "--version").strip() + " (host)");
    }

    /** {@code pods} on the roots {@code -Dpods.imageRoots} names, if any; prints the Redis they run first. */
    public static StatefulSetPods apply(StatefulSetPods pods, String suite) {
        Optional<ImageRoots> roots = forPodSuites();
        System.out.println(suite + ": " + redisVersion(roots));
        roots.ifPresent(pods::withImageRoots);
        return pods;
    }
}
