package org.redischart.chartgen.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.pods.Shell;
import org.redischart.chartgen.testing.pods.StatefulSetPods;

/**
 * The rendered {@code helm test} pod (the seed's client check: SET key, GET it back) run on the
 * pod harness, with the Services it names resolving to the pods behind them, as kube-proxy
 * picks one. The manifests must hold the test pod: render with its hook taken off
 * ({@code HelmRenderer.renderIncludingTestHooks}).
 */
final class HelmTestPod {
    private HelmTestPod() {
    }

    /** Runs the test pod with each Service name of {@code services} resolving to its address; its output on one line. */
    static String passes(StatefulSetPods pods, Manifests withHook, Map<String, String> services) {
        services.forEach((service, ip) -> pods.network().publish(service, ip));
        JsonNode testPod = withHook.ofKind("Pod").stream()
                .filter(p -> p.path("metadata").path("name").asText().endsWith("-test-setget")).findFirst()
                .orElseThrow(() -> new AssertionError("no helm test pod in the render: render it with its hook taken off"));
        ObjectNode wrapped = new ObjectMapper().createObjectNode();
        wrapped.set("metadata", testPod.path("metadata"));
        wrapped.putObject("spec").putObject("template").set("spec", testPod.path("spec"));
        Shell.Result test = pods.addRunOnce(withHook, wrapped).runToCompletion("set-get", Duration.ofSeconds(30));
        assertThat(test.exit()).as(() -> String.format("helm test pod\n%s\n%s", test.output(), pods.logs())).isZero();
        return test.output().strip().replace('\n', ' ');
    }
}
