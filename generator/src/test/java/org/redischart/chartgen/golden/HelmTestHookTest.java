package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * The `helm test` pod. helm-java's template leaves hook objects out of its output, so this
 * test renders a copy of the chart whose test pod has its hook annotation removed.
 */
class HelmTestHookTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    static Manifests renderWithTestPodVisible(Path work, Map<String, Object> sets) {
        return Manifests.parse(new HelmRenderer(RepoLayout.chart()).renderIncludingTestHooks("hook", sets, work));
    }

    @Test
    void testPodAuthenticatesFromTheSecretAndSetsThenGetsAKey() throws IOException {
        JsonNode pod = renderWithTestPodVisible(work, Map.of()).get("Pod", "hook-redis-test-setget");
        JsonNode container = pod.at("/spec/containers/0");

        assertThat(pod.at("/spec/restartPolicy").asText()).isEqualTo("Never");
        assertThat(container.path("command").get(2).asText())
                .contains("SET key value").contains("GET key").contains("= value");
        assertThat(container.path("env").toString())
                .contains("\"name\":\"REDISCLI_AUTH\"")
                .contains("\"secretKeyRef\":{\"name\":\"hook-redis\",\"key\":\"redis-password\"}")
                .contains("\"name\":\"REDIS_HOST\",\"value\":\"hook-redis\"");
        assertThat(container.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    }

    @Test
    void withSentinelAndHaproxyTheTestPodWritesThroughTheWriteServiceToo() throws IOException {
        JsonNode env = renderWithTestPodVisible(work, Map.of("architecture", "sentinel"))
                .get("Pod", "hook-redis-test-setget").at("/spec/containers/0/env");

        assertThat(env.toString()).contains("\"name\":\"WRITE_SERVICE_HOST\",\"value\":\"hook-redis\"")
                .contains("\"name\":\"WRITE_SERVICE_PORT\",\"value\":\"6379\"");
    }

    @Test
    void testPodUsesNoPasswordWhenAuthIsOff() throws IOException {
        JsonNode pod = renderWithTestPodVisible(work, Map.of("auth.enabled", false)).get("Pod", "hook-redis-test-setget");

        assertThat(pod.at("/spec/containers/0/env").toString()).doesNotContain("REDISCLI_AUTH");
    }

    @Test
    void testPodCanBeTurnedOff() throws IOException {
        Manifests manifests = renderWithTestPodVisible(work, Map.of("tests.enabled", false));

        assertThat(manifests.ofKind("Pod")).isEmpty();
    }
}
