package org.redischart.chartgen.scripts;

import java.util.List;

/**
 * The kinds of image the chart's containers run, told apart by the image reference, each with
 * the shell that runs its scripts and the files (under src/test/resources/images) listing the
 * programs it has.
 */
enum Image {
    /** redis (Debian slim): dash as /bin/sh. */
    REDIS("dash", "redis", "debian-slim"),
    /** valkey/valkey (Debian slim, engine=valkey): dash as /bin/sh. */
    VALKEY("dash", "valkey", "debian-slim"),
    /** haproxy:*-alpine: busybox sh. */
    HAPROXY("busybox", "haproxy"),
    /** busybox (a user's init container in a golden scenario). */
    BUSYBOX("busybox", "busybox"),
    /** redis_exporter: scratch, no shell at all. */
    EXPORTER(null, "redis-exporter");

    /** The program lists (without .programs) whose union the image has. */
    final List<String> programsFiles;
    /** dash or busybox; null: the image has no shell. */
    final String shell;

    Image(String shell, String... programsFiles) {
        this.programsFiles = List.of(programsFiles);
        this.shell = shell;
    }

    /** The image kind of a container's image reference; null for an image the chart does not pin. */
    static Image of(String reference) {
        String name = reference.replaceFirst("[@:][^/]*$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        return switch (name) {
            case "redis" -> REDIS;
            case "valkey" -> VALKEY;
            case "haproxy" -> HAPROXY;
            case "busybox" -> BUSYBOX;
            case "redis_exporter" -> EXPORTER;
            default -> null;
        };
    }
}
