package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files the kubelet puts into a Secret or projected Secret volume: each item's key taken
 * from the rendered Secret of that name, or, for a Secret the chart does not render (an
 * existing one), the test's password.
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** Whether the pod volume is one this class lays out. */
    public static boolean isSecretVolume(JsonNode volume) {
        return volume.has("secret") || volume.has("projected");
    }

    /** Path inside the volume to file content. */
    public static Map<String, byte[]> of(Manifests manifests, JsonNode volume, String fallback) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (volume.has("secret")) {
            add(files, manifests, volume.path("secret").path("secretName").asText(), volume.path("secret"), fallback);
        }
        for (JsonNode source : volume.path("projected").path("sources")) {
            if (source.has("secret")) {
                add(files, manifests, source.path("secret").path("name").asText(), source.path("secret"), fallback);
            }
        }
        return files;
    }

    /** Writes the files under {@code dir}. */
    public static void write(Manifests manifests, JsonNode volume, String fallback, Path dir) throws IOException {
        for (Map.Entry<String, byte[]> file : of(manifests, volume, fallback).entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
    }

    private static void add(Map<String, byte[]> files, Manifests manifests, String name, JsonNode source, String fallback) {
        JsonNode data = manifests.find("Secret", name).map(s -> s.path("data")).orElse(null);
        for (JsonNode item : source.path("items")) {
            String key = item.path("key").asText();
            byte[] value = data != null && data.has(key)
                    ? Base64.getDecoder().decode(data.path(key).asText())
                    : fallback.getBytes(StandardCharsets.UTF_8);
            files.put(item.path("path").asText(), value);
        }
    }
}
