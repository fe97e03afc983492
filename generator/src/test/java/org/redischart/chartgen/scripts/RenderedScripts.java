package org.redischart.chartgen.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.testing.Manifests;

/**
 * Lays a render's scripts out under a root directory as the pods see them: every ConfigMap a
 * container mounts at its mount path (so {@code . /etc/redis/auth.sh} resolves under the root,
 * for {@code shellcheck -x -P root}), every {@code sh -c} line under {@code inline/}. Containers
 * of images the chart does not pin (a user's sidecar) are left out.
 */
final class RenderedScripts {
    private static final List<String> EXEC_HANDLERS = List.of(
            "livenessProbe", "readinessProbe", "startupProbe", "lifecycle/preStop", "lifecycle/postStart");

    private RenderedScripts() {
    }

    /** The scripts of {@code manifests}, written under {@code root}. */
    static List<RenderedScript> layOut(Manifests manifests, Path root) {
        Map<String, RenderedScript> scripts = new LinkedHashMap<>();
        for (JsonNode object : manifests.objects()) {
            JsonNode pod = podSpec(object);
            if (pod == null) {
                continue;
            }
            String workload = object.path("kind").asText() + " " + object.at("/metadata/name").asText();
            Map<String, JsonNode> volumes = new LinkedHashMap<>();
            pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            for (JsonNode container : containers) {
                Image image = Image.of(container.path("image").asText());
                if (image == null) {
                    continue;
                }
                String origin = workload + ", container " + container.path("name").asText();
                mountedScripts(manifests, container, volumes, root, image, origin, scripts);
                inlineScripts(container, root, image, origin, scripts);
            }
        }
        return List.copyOf(scripts.values());
    }

    private static void mountedScripts(Manifests manifests, JsonNode container, Map<String, JsonNode> volumes, Path root,
            Image image, String origin, Map<String, RenderedScript> scripts) {
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            if (volume == null || !volume.has("configMap")) {
                continue;
            }
            String name = volume.at("/configMap/name").asText();
            manifests.find("ConfigMap", name).ifPresent(configMap -> configMap.path("data").properties().forEach(file -> {
                Path path = write(root.resolve(mount.path("mountPath").asText().substring(1)).resolve(file.getKey()),
                        file.getValue().asText());
                if (file.getKey().endsWith(".sh")) {
                    String key = image + " " + path;
                    scripts.putIfAbsent(key, new RenderedScript(origin + ", " + mount.path("mountPath").asText() + "/"
                            + file.getKey() + " (ConfigMap " + name + ")", image, path));
                }
            }));
        }
    }

    private static void inlineScripts(JsonNode container, Path root, Image image, String origin,
            Map<String, RenderedScript> scripts) {
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asText()));
        container.path("args").forEach(a -> command.add(a.asText()));
        addInline(command, "command", container, root, image, origin, scripts);
        for (String handler : EXEC_HANDLERS) {
            List<String> exec = new ArrayList<>();
            container.at("/" + handler + "/exec/command").forEach(c -> exec.add(c.asText()));
            addInline(exec, handler.replace("lifecycle/", ""), container, root, image, origin, scripts);
        }
    }

    private static void addInline(List<String> command, String where, JsonNode container, Path root, Image image,
            String origin, Map<String, RenderedScript> scripts) {
        if (command.size() < 3 || !List.of("sh", "/bin/sh").contains(command.get(0)) || !"-c".equals(command.get(1))) {
            return;
        }
        String text = command.get(2);
        String key = image + " " + text;
        if (!scripts.containsKey(key)) {
            Path file = write(root.resolve("inline").resolve(scripts.size() + "-" + container.path("name").asText() + "-"
                    + where + ".sh"), text + "\n");
            scripts.put(key, new RenderedScript(origin + ", " + where + " (sh -c)", image, file));
        }
    }

    /** The pod template of a workload, or the spec of a Pod; null for other kinds. */
    private static JsonNode podSpec(JsonNode object) {
        return switch (object.path("kind").asText()) {
            case "StatefulSet", "Deployment", "Job", "DaemonSet" -> object.at("/spec/template/spec");
            case "CronJob" -> object.at("/spec/jobTemplate/spec/template/spec");
            case "Pod" -> object.path("spec");
            default -> null;
        };
    }

    private static Path write(Path path, String text) {
        try {
            Files.createDirectories(path.getParent());
            return Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
