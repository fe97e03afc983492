package org.redischart.chartgen.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.SecretListBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-test Kubernetes API server (fabric8's mock in CRUD mode) that Helm's {@code lookup}
 * talks to. helm-java renders through an install, so a chart that calls {@code lookup}
 * needs a cluster: empty, this server makes rendering behave like {@code helm template};
 * holding a Secret, it shows what an upgrade sees. Surefire points KUBECONFIG at the file
 * this class writes. Register it as {@code @RegisterExtension static final KubeApiServer api = new KubeApiServer();}
 * and it stops after the test class.
 */
public final class KubeApiServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    /** The mock logs every request at INFO through java.util.logging (hundreds of lines per run); held so the level sticks. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
    /** Its Vert.x event loop warns whenever a loaded machine delays it a few seconds: noise, not a failure. */
    private static final Logger EVENT_LOOP_LOG = Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
        EVENT_LOOP_LOG.setLevel(Level.SEVERE);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    /** The release records {@link #holdRelease} stores, by the list query Helm's storage sends. */
    private final Map<String, SecretList> releases = new ConcurrentHashMap<>();

    public KubeApiServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        serveDiscovery();
        client = server.createClient();
        writeKubeconfig();
    }

    /**
     * The API groups and kinds the chart renders, as a cluster's discovery lists them: Helm's
     * {@code lookup} asks for a kind's group version first, and an upgrade maps every object
     * it would apply. The version is {@link HelmRenderer#KUBE_VERSION}.
     */
    private void serveDiscovery() {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        kinds.put("v1", List.of("Secret", "ConfigMap", "Service", "ServiceAccount", "PersistentVolumeClaim", "Pod"));
        kinds.put("apps/v1", List.of("StatefulSet", "Deployment"));
        kinds.put("policy/v1", List.of("PodDisruptionBudget"));
        kinds.put("networking.k8s.io/v1", List.of("NetworkPolicy"));
        kinds.put("batch/v1", List.of("Job", "CronJob"));
        List<String> groups = new ArrayList<>();
        kinds.forEach((groupVersion, names) -> {
            APIResourceListBuilder list = new APIResourceListBuilder().withGroupVersion(groupVersion);
            for (String kind : names) {
                String singular = kind.toLowerCase(Locale.ROOT);
                list.addNewResource().withName(singular.endsWith("y") ? singular.replaceFirst("y$", "ies") : singular + "s")
                        .withSingularName(singular).withKind(kind).withNamespaced(true)
                        .withVerbs("get", "list", "create", "update", "patch", "delete").endResource();
            }
            String path = groupVersion.equals("v1") ? "/api/v1" : "/apis/" + groupVersion;
            expectAlways(path, list.build());
            if (!groupVersion.equals("v1")) {
                String group = groupVersion.substring(0, groupVersion.indexOf('/'));
                groups.add("{\"name\":\"%s\",\"versions\":[{\"groupVersion\":\"%s\",\"version\":\"v1\"}],"
                        .formatted(group, groupVersion)
                        + "\"preferredVersion\":{\"groupVersion\":\"%s\",\"version\":\"v1\"}}".formatted(groupVersion));
            }
        });
        expectAlways("/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}");
        expectAlways("/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + String.join(",", groups) + "]}");
        String[] version = HelmRenderer.KUBE_VERSION.split("\\.");
        expectAlways("/version", "{\"major\":\"%s\",\"minor\":\"%s\",\"gitVersion\":\"v%s\"}"
                .formatted(version[0], version[1], HelmRenderer.KUBE_VERSION));
    }

    /** Answers GET {@code path} (also as client-go asks with its discovery timeout) with {@code body} as JSON. */
    private void expectAlways(String path, Object body) {
        for (String asked : List.of(path, path + (path.contains("?") ? "&" : "?") + "timeout=32s")) {
            server.expect().get().withPath(asked).andReturn(200, body).withHeader("Content-Type", "application/json").always();
        }
    }

    /**
     * Stores revision 1 of {@code release}, deployed with {@code manifest}, in Helm's release
     * storage (a Secret per revision): what {@code helm upgrade} reads first. Helm's storage
     * lists those Secrets by label; the mock answers those lists itself in JSON (its CRUD
     * answers carry no content type, and Helm's typed client would read them as protobuf).
     */
    public void holdRelease(String namespace, String release, String chartName, String chartVersion, String manifest) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", release);
        record.put("namespace", namespace);
        record.put("version", 1);
        record.put("info", Map.of("status", "deployed"));
        record.put("chart", Map.of("metadata", Map.of("apiVersion", "v2", "name", chartName, "version", chartVersion)));
        record.put("config", Map.of());
        record.put("manifest", manifest);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(new ObjectMapper().writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String encoded = Base64.getEncoder().encodeToString(gzipped.toByteArray());
        Secret secret = new SecretBuilder().withNewMetadata()
                .withName("sh.helm.release.v1." + release + ".v1").withNamespace(namespace)
                .addToLabels(Map.of("owner", "helm", "name", release, "status", "deployed", "version", "1")).endMetadata()
                .withType("helm.sh/release.v1")
                .addToData("release", Base64.getEncoder().encodeToString(encoded.getBytes(StandardCharsets.US_ASCII)))
                .build();
        client.secrets().inNamespace(namespace).resource(secret).createOr(existing -> existing.update());
        SecretList list = new SecretListBuilder()
                .withNewMetadata().withResourceVersion("1").endMetadata().addToItems(secret).build();
        String secrets = "/api/v1/namespaces/" + namespace + "/secrets?labelSelector=name%3D" + release + "%2Cowner%3Dhelm";
        if (releases.put(secrets, list) == null) {
            for (String asked : List.of(secrets, secrets + "%2Cstatus%3Ddeployed")) {
                server.expect().get().withPath(asked).andReply(200, request -> releases.get(secrets))
                        .withHeader("Content-Type", "application/json").always();
            }
        }
    }

    /** Stores a Secret as a previous release would have left it. */
    public void putSecret(String namespace, String name, String key, String value) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                .build()).createOr(existing -> existing.update());
    }

    /** Stores a Secret with several keys (each value as given) as a previous release or a user left it. */
    public void putSecret(String namespace, String name, java.util.Map<String, String> data) {
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
        data.forEach((key, value) -> secret.addToData(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(namespace).resource(secret.build()).createOr(existing -> existing.update());
    }

    /** Stores a StatefulSet as a previous release would have left it (the upgrade guards read it). */
    public void putStatefulSet(StatefulSet statefulSet) {
        client.apps().statefulSets().inNamespace(statefulSet.getMetadata().getNamespace()).resource(statefulSet)
                .createOr(existing -> existing.update());
    }

    /** Stores a StatefulSet with {@code replicas} pods, as a running release would have it. */
    public void putStatefulSet(String namespace, String name, int replicas) {
        client.apps().statefulSets().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .build()).createOr(existing -> existing.update());
    }

    /** Removes every StatefulSet of the namespace, as a release's uninstall would. */
    public void deleteStatefulSets(String namespace) {
        client.apps().statefulSets().inNamespace(namespace).delete();
    }

    public void deleteSecrets(String namespace) {
        client.secrets().inNamespace(namespace).delete();
    }

    private void writeKubeconfig() {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: test
                    cluster:
                      server: %s
                contexts:
                  - name: test
                    context:
                      cluster: test
                      user: test
                      namespace: default
                current-context: test
                users:
                  - name: test
                    user:
                      token: test
                """.formatted(client.getMasterUrl());
        String target = System.getenv("KUBECONFIG");
        if (target == null || target.isBlank() || "/dev/null".equals(target)) {
            throw new IllegalStateException("KUBECONFIG must name a writable file (surefire sets it)");
        }
        try {
            Path file = Path.of(target);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + target, e);
        }
    }

    /**
     * The paths of the requests the server received since the last call (oldest first), e.g.
     * {@code /api/v1/namespaces/default/secrets/x}: what the chart's {@code lookup}s asked for.
     */
    public List<String> takeRequestPaths() {
        List<String> paths = new ArrayList<>();
        try {
            for (RecordedRequest request; (request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null;) {
                paths.add(request.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the mock API server's requests", e);
        }
        return paths;
    }

    /**
     * Points the kubeconfig at this server again: a class whose statics another test class
     * touched first was initialised (and wrote the kubeconfig) before a later class replaced it.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        writeKubeconfig();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
