package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/**
 * global.compatibility.openshift.adaptSecurityContext=auto (the default) follows Helm's
 * .Capabilities: where security.openshift.io/v1 is offered every pod and container leaves
 * runAsUser, runAsGroup and fsGroup to the restricted-v2 SCC; disabled keeps them. helm-java's
 * template cannot pass API versions (it renders with Helm's default capabilities), so the
 * OpenShift render uses a copy of the chart whose capability test asks for apps/v1, which
 * those defaults offer; the real chart, on those defaults, keeps the ids.
 */
class OpenShiftCapabilitiesTest {
    static final String OPENSHIFT_CHECK = "(.Capabilities.APIVersions.Has \"security.openshift.io/v1\")";

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void autoLeavesTheIdsToTheSccWhereTheApiServerOffersOpenShiftSecurity() throws IOException {
        Path copy = work.resolve("redis");
        TreeCopy.copy(RepoLayout.chart(), copy);
        Path surface = copy.resolve("templates/_surface.tpl");
        String text = Files.readString(surface);
        assertThat(text).contains(OPENSHIFT_CHECK);
        Files.writeString(surface, text.replace(OPENSHIFT_CHECK, "(.Capabilities.APIVersions.Has \"apps/v1\")"));
        HelmRenderer helm = new HelmRenderer(copy);
        assertThat(ids(Manifests.parse(new HelmRenderer(RepoLayout.chart()).render("os", null, Map.of("architecture", "sentinel")))))
                .as("auto without security.openshift.io/v1").contains("StatefulSet/os-redis-node pod runAsUser");

        Manifests auto = Manifests.parse(helm.render("os", null, Map.of("architecture", "sentinel", "metrics.enabled", true)));
        Manifests disabled = Manifests.parse(helm.render("os", null, Map.of("architecture", "sentinel", "metrics.enabled", true,
                "global.compatibility.openshift.adaptSecurityContext", "disabled")));

        List<String> autoIds = ids(auto);
        List<String> disabledIds = ids(disabled);
        System.out.printf("openshift: auto sets %d runAsUser/runAsGroup/fsGroup where security.openshift.io/v1 is offered, disabled %d%n",
                autoIds.size(), disabledIds.size());
        assertThat(autoIds).as("runAsUser/runAsGroup/fsGroup with auto on OpenShift").isEmpty();
        assertThat(disabledIds).as("with disabled").contains("StatefulSet/os-redis-node pod runAsUser",
                "StatefulSet/os-redis-node container sentinel runAsUser", "StatefulSet/os-redis-node container metrics runAsUser",
                "Deployment/os-redis-haproxy pod runAsUser");
        assertThat(auto.get("StatefulSet", "os-redis-node").at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean())
                .as("runAsNonRoot stays").isTrue();
    }

    /** Every runAsUser, runAsGroup and fsGroup set in a pod or container securityContext. */
    private static List<String> ids(Manifests manifests) {
        List<String> found = new ArrayList<>();
        for (JsonNode object : manifests.objects()) {
            JsonNode spec = object.at("/spec/template/spec");
            if (spec.isMissingNode()) {
                continue;
            }
            String name = object.path("kind").asText() + "/" + object.at("/metadata/name").asText();
            for (String field : List.of("runAsUser", "runAsGroup", "fsGroup")) {
                if (spec.path("securityContext").has(field)) {
                    found.add(name + " pod " + field);
                }
                for (String list : List.of("containers", "initContainers")) {
                    for (JsonNode container : spec.path(list)) {
                        if (container.path("securityContext").has(field)) {
                            found.add(name + " container " + container.path("name").asText() + " " + field);
                        }
                    }
                }
            }
        }
        return found;
    }
}
