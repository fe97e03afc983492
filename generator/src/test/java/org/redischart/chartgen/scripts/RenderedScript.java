package org.redischart.chartgen.scripts;

import java.nio.file.Path;

/**
 * One shell script of a render, written to {@code file}: a ConfigMap file a container mounts,
 * or a container's {@code sh -c} line (command, probe or lifecycle hook).
 *
 * @param origin where it comes from, for messages: "StatefulSet x, container redis, readinessProbe"
 * @param image the image of the container that runs it
 */
record RenderedScript(String origin, Image image, Path file) {
    @Override
    public String toString() {
        return origin;
    }
}
