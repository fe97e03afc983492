package org.redischart.chartgen.testing.pods;

import java.util.Map;
import org.redischart.chartgen.testing.Manifests;

/** The label the chart's policies admit clients by, and the namespace of the release, read from a render. */
final class ClientLabel {
    private ClientLabel() {
    }

    /** "&lt;fullname&gt;-client: true", the fullname being the Redis policy's name (cut as redis.clientLabelKey cuts it). */
    static Map<String, String> of(Manifests manifests) {
        return manifests.ofKind("NetworkPolicy").stream()
                .filter(p -> "server".equals(p.at("/metadata/labels/app.kubernetes.io~1component").asText()))
                .findFirst()
                .map(p -> Map.of(cut(p.path("metadata").path("name").asText()) + "-client", "true"))
                .orElse(Map.of());
    }

    static String releaseNamespace(Manifests manifests) {
        return manifests.ofKind("NetworkPolicy").stream().findFirst()
                .map(p -> p.path("metadata").path("namespace").asText("default"))
                .orElse("default");
    }

    private static String cut(String fullname) {
        String name = fullname.length() > 56 ? fullname.substring(0, 56) : fullname;
        while (name.endsWith("-")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }
}
