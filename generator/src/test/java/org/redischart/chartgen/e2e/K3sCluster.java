package org.redischart.chartgen.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/** A throw-away k3s cluster in Docker, with its kubeconfig and a fabric8 client. */
final class K3sCluster implements AutoCloseable {
    /** Pinned so every run tests the same Kubernetes; override with -De2e.k3s.image=... */
    static final String DEFAULT_IMAGE = "rancher/k3s:v1.31.4-k3s1";

    private final K3sContainer container;
    private final String image;
    private final String kubeconfig;
    private final KubernetesClient client;

    private K3sCluster(K3sContainer container, String image) {
        this.container = container;
        this.image = image;
        this.kubeconfig = container.getKubeConfigYaml();
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    }

    static K3sCluster start() {
        String image = System.getProperty("e2e.k3s.image", DEFAULT_IMAGE);
        K3sContainer container = new K3sContainer(DockerImageName.parse(image))
                .withStartupTimeout(Duration.ofMinutes(5));
        container.start();
        return new K3sCluster(container, image);
    }

    String image() {
        return image;
    }

    /** The kubeconfig Helm uses (helm-java withKubeConfigContents). */
    String kubeconfig() {
        return kubeconfig;
    }

    KubernetesClient client() {
        return client;
    }

    /** Pods and recent events of a namespace, printed when a scenario fails. */
    String describe(String namespace) {
        StringBuilder out = new StringBuilder("--- cluster state of namespace ").append(namespace).append('\n');
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            out.append("pod ").append(pod.getMetadata().getName())
                    .append(" phase=").append(pod.getStatus().getPhase())
                    .append(" ip=").append(pod.getStatus().getPodIP())
                    .append(" conditions=").append(pod.getStatus().getConditions().stream()
                            .map(K3sCluster::condition).collect(Collectors.joining(",")))
                    .append(" containers=").append(pod.getStatus().getContainerStatuses().stream()
                            .map(K3sCluster::container).collect(Collectors.joining(",")))
                    .append('\n');
        }
        client.v1().events().inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
                .forEach(e -> out.append(event(e)).append('\n'));
        return out.toString();
    }

    /** {@link #describe} for a failure report: never masks the failure with its own. */
    String describeQuietly(String namespace) {
        try {
            return describe(namespace);
        } catch (RuntimeException e) {
            return "--- cannot describe namespace " + namespace + ": " + e;
        }
    }

    private static String condition(PodCondition c) {
        return c.getType() + "=" + c.getStatus();
    }

    private static String container(ContainerStatus s) {
        String state = s.getState().getWaiting() != null ? "waiting:" + s.getState().getWaiting().getReason()
                : s.getState().getTerminated() != null ? "terminated:" + s.getState().getTerminated().getReason()
                : "running";
        return s.getName() + "(" + state + ",ready=" + s.getReady() + ",restarts=" + s.getRestartCount() + ")";
    }

    private static String event(Event e) {
        return "event " + e.getLastTimestamp() + " " + e.getType() + " " + e.getInvolvedObject().getKind() + "/"
                + e.getInvolvedObject().getName() + " " + e.getReason() + ": " + e.getMessage();
    }

    @Override
    public void close() {
        client.close();
        container.stop();
    }
}
