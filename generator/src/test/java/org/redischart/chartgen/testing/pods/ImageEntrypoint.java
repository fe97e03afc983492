package org.redischart.chartgen.testing.pods;

import java.util.List;
import java.util.Map;

/**
 * What a container runs when its manifest gives no {@code command}: the image's entrypoint, as
 * the Debian program that stands for it on the host. Only images the chart renders without a
 * command are here (the exporter sidecar, which gives only {@code args}).
 */
final class ImageEntrypoint {
    private static final Map<String, List<String>> BY_REPOSITORY = Map.of(
            // oliver006/redis_exporter runs /redis_exporter; Debian packages the same program.
            "redis_exporter", List.of("/usr/bin/prometheus-redis-exporter"));

    private ImageEntrypoint() {
    }

    /** The entrypoint of {@code imageReference} ("docker.io/oliver006/redis_exporter:v1.90.0"). */
    static List<String> of(String imageReference) {
        String repository = imageReference.replaceFirst("[@:][^/]*$", "");
        repository = repository.substring(repository.lastIndexOf('/') + 1);
        List<String> entrypoint = BY_REPOSITORY.get(repository);
        if (entrypoint == null) {
            throw new AssertionError("the container of image " + imageReference
                    + " has no command, and the pod harness knows no entrypoint for it");
        }
        return entrypoint;
    }
}
