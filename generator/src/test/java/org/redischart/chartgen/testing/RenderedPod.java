package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One pod of a rendered StatefulSet, laid out on the local disk so its containers can run as
 * local processes: every volume is a directory (ConfigMap volumes hold the ConfigMap's files),
 * and the command, environment and files are taken from the manifests with only the
 * addresses and paths rewritten: mount paths become those directories, the pods' DNS names
 * become loopback addresses, {@code bind} binds the pod's own loopback address.
 */
public final class RenderedPod {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final JsonNode podSpec;
    private final String podName;
    private final String ip;
    private final String password;
    private final Path dir;
    private final Map<String, String> hosts;
    private final Map<String, Path> mounts = new LinkedHashMap<>();
    private Manifests manifests;

    private RenderedPod(JsonNode podSpec, String podName, String ip, String password, Path dir,
            Map<String, String> hosts) {
        this.podSpec = podSpec;
        this.podName = podName;
        this.ip = ip;
        this.password = password;
        this.dir = dir;
        this.hosts = hosts;
    }

    /**
     * Lays out pod {@code ordinal} of the StatefulSet (or Deployment) {@code workload} under
     * {@code root}. {@code hosts} maps DNS names in the manifests to the loopback addresses
     * standing for them.
     */
    public static RenderedPod of(Manifests manifests, String workload, int ordinal, String ip, String password,
            Path root, Map<String, String> hosts) {
        JsonNode object = manifests.find("StatefulSet", workload).orElseGet(() -> manifests.get("Deployment", workload));
        JsonNode podSpec = object.path("spec").path("template").path("spec");
        String podName = workload + "-" + ordinal;
        RenderedPod pod = new RenderedPod(podSpec, podName, ip, password, root.resolve(podName), hosts);
        pod.manifests = manifests;
        pod.layOut(manifests);
        return pod;
    }

    public String name() {
        return podName;
    }

    public String ip() {
        return ip;
    }

    /** The directory standing for a volume of the pod. */
    public Path volume(String name) {
        return dir.resolve(name);
    }

    /** The container's command and arguments, with $(VAR) expanded and paths and hosts rewritten. */
    public List<String> command(String container) {
        JsonNode spec = container(container);
        Map<String, String> env = env(container);
        List<String> command = new ArrayList<>();
        spec.path("command").forEach(c -> command.add(rewrite(expand(c.asText(), env))));
        spec.path("args").forEach(a -> command.add(rewrite(expand(a.asText(), env))));
        return command;
    }

    /**
     * The exec command of one of the container's probes ({@code livenessProbe}, {@code readinessProbe},
     * {@code startupProbe}); the pod's own address stands for 127.0.0.1, as inside the pod.
     */
    public List<String> probeCommand(String container, String probe) {
        List<String> command = new ArrayList<>();
        container(container).path(probe).path("exec").path("command")
                .forEach(c -> command.add(c.asText().replace("127.0.0.1", ip)));
        return command;
    }

    /**
     * The container's environment: literal values, Secret keys (from the rendered Secret, or the
     * password for a Secret the chart does not render), the pod name.
     */
    public Map<String, String> env(String container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode var : container(container).path("env")) {
            String name = var.path("name").asText();
            if (var.has("value")) {
                env.put(name, rewrite(expand(var.path("value").asText(), env)));
            } else if (var.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = var.path("valueFrom").path("secretKeyRef");
                env.put(name, manifests.find("Secret", ref.path("name").asText())
                        .map(secret -> secret.path("data").path(ref.path("key").asText()))
                        .filter(JsonNode::isTextual)
                        .map(data -> new String(java.util.Base64.getDecoder().decode(data.asText()),
                                java.nio.charset.StandardCharsets.UTF_8))
                        .orElse(password));
            } else if ("metadata.name".equals(var.path("valueFrom").path("fieldRef").path("fieldPath").asText())) {
                env.put(name, podName);
            }
        }
        return env;
    }

    private void layOut(Manifests manifests) {
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        podSpec.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        for (JsonNode container : podSpec.path("containers")) {
            for (JsonNode mount : container.path("volumeMounts")) {
                mounts.put(mount.path("mountPath").asText(), volume(mount.path("name").asText()));
            }
        }
        try {
            for (Path volume : mounts.values()) {
                Files.createDirectories(volume);
            }
            for (Map.Entry<String, JsonNode> volume : volumes.entrySet()) {
                if (SecretFiles.isSecretVolume(volume.getValue())) {
                    SecretFiles.write(manifests, volume.getValue(), password, volume(volume.getKey()));
                }
                JsonNode configMap = volume.getValue().path("configMap");
                if (configMap.has("name")) {
                    JsonNode data = manifests.get("ConfigMap", configMap.path("name").asText()).path("data");
                    for (Map.Entry<String, JsonNode> file : data.properties()) {
                        Files.writeString(volume(volume.getKey()).resolve(file.getKey()), localFile(file.getValue().asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out pod " + podName + " under " + dir, e);
        }
    }

    /** A ConfigMap file as this pod sees it: its own address binds, and stands for 127.0.0.1 in the scripts. */
    private String localFile(String text) {
        return rewrite(text).replaceAll("(?m)^bind .*$", "bind " + ip).replace("127.0.0.1", ip);
    }

    private JsonNode container(String name) {
        for (JsonNode container : podSpec.path("containers")) {
            if (name.equals(container.path("name").asText())) {
                return container;
            }
        }
        throw new AssertionError("pod " + podName + " has no container " + name);
    }

    private static String expand(String text, Map<String, String> env) {
        Matcher m = ENV_REFERENCE.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(env.getOrDefault(r.group(1), r.group())));
    }

    /** Mount paths and host names in one pass, so a replacement is never rewritten again. */
    private String rewrite(String text) {
        Map<String, String> replacements = new LinkedHashMap<>(hosts);
        mounts.forEach((path, local) -> replacements.put(path, local.toString()));
        String alternatives = replacements.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|"));
        Pattern pattern = Pattern.compile("(?<![\\w.-])(" + alternatives + ")(?=[/\\s\"':]|$)", Pattern.MULTILINE);
        return pattern.matcher(text).replaceAll(r -> Matcher.quoteReplacement(replacements.get(r.group(1))));
    }
}
