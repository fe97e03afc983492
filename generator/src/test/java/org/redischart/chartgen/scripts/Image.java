package org.redischart.chartgen.scripts;

/**
 * The kinds of image the chart's containers run, told apart by the image reference, each with
 * the shell that runs its scripts and the file (under src/test/resources/images) listing the
 * programs it has.
 */
enum Image {
    /** redis (Debian bookworm-slim): dash as /bin/sh. */
    REDIS("redis", "dash"),
    /** haproxy:*-alpine: busybox sh. */
    HAPROXY("haproxy", "busybox"),
    /** busybox (a user's init container in a golden scenario). */
    BUSYBOX("busybox", "busybox"),
    /** redis_exporter: scratch, no shell at all. */
    EXPORTER("redis-exporter", null);

    final String programsFile;
    /** dash or busybox; null: the image has no shell. */
    final String shell;

    Image(String programsFile, String shell) {
        this.programsFile = programsFile;
        this.shell = shell;
    }

    /** The image kind of a container's image reference; null for an image the chart does not pin. */
    static Image of(String reference) {
        String name = reference.replaceFirst("[@:][^/]*$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        return switch (name) {
            case "redis" -> REDIS;
            case "haproxy" -> HAPROXY;
            case "busybox" -> BUSYBOX;
            case "redis_exporter" -> EXPORTER;
            default -> null;
        };
    }
}
