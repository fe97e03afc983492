package org.redischart.chartgen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * The monitoring objects: rendered only when asked for, valid for the prometheus-operator
 * CRDs (crds/ schemas), and those schemas refuse what the operator would refuse.
 */
class MonitoringObjectsTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    private final KubernetesApiSchema schema = new KubernetesApiSchema();

    @Test
    void byDefaultNoExporterAndNoMonitoringObjects() {
        Manifests manifests = render(Map.of());

        assertThat(manifests.get("StatefulSet", "shop-redis").at("/spec/template/spec/containers")).hasSize(1);
        for (String kind : List.of("ServiceMonitor", "PodMonitor", "PrometheusRule")) {
            assertThat(manifests.ofKind(kind)).as(kind).isEmpty();
        }
        assertThat(manifests.find("Service", "shop-redis-metrics")).isEmpty();
    }

    @Test
    void everyMonitoringObjectIsValidForItsCrd() {
        Manifests manifests = render(Map.of("metrics.enabled", true, "architecture", "sentinel",
                "metrics.serviceMonitor.enabled", true, "metrics.prometheusRule.enabled", true, "metrics.dashboard.enabled", true));
        Manifests pods = render(Map.of("metrics.enabled", true, "metrics.podMonitor.enabled", true));

        for (JsonNode object : List.of(manifests.get("ServiceMonitor", "shop-redis"), manifests.get("PrometheusRule", "shop-redis"),
                pods.get("PodMonitor", "shop-redis"), manifests.get("ConfigMap", "shop-redis-dashboard"))) {
            assertThat(schema.problems(object)).as(object.path("kind").asText()).isEmpty();
        }
        assertThat(manifests.get("ServiceMonitor", "shop-redis").at("/spec/endpoints")).as("Redis and Sentinel targets").hasSize(2);
    }

    @Test
    void theCrdSchemasRefuseAMisspelledFieldABadDurationAndAnUnknownAction() {
        Manifests manifests = render(Map.of("metrics.enabled", true, "metrics.serviceMonitor.enabled", true,
                "metrics.prometheusRule.enabled", true));
        ObjectNode monitor = manifests.get("ServiceMonitor", "shop-redis").deepCopy();
        ObjectNode endpoint = (ObjectNode) monitor.at("/spec/endpoints/0");
        endpoint.set("scrapeIntervall", endpoint.remove("interval"));
        endpoint.put("scrapeTimeout", "ten seconds");
        endpoint.putArray("relabelings").addObject().put("action", "rename");
        ObjectNode rule = manifests.get("PrometheusRule", "shop-redis").deepCopy();
        ((ObjectNode) rule.at("/spec/groups/0/rules/0")).put("for", 5);

        assertThat(String.join("\n", schema.problems(monitor)))
                .contains("ServiceMonitor/shop-redis: .spec.endpoints[0]", "scrapeIntervall")
                .contains(".spec.endpoints[0].scrapeTimeout: ")
                .contains(".spec.endpoints[0].relabelings[0].action: ");
        assertThat(String.join("\n", schema.problems(rule))).contains("PrometheusRule/shop-redis: .spec.groups[0].rules[0].for: ");
    }

    @Test
    void theDashboardIsALabelledConfigMapWhoseQueriesUseTheAlertMetrics() {
        JsonNode map = render(Map.of("metrics.enabled", true, "metrics.dashboard.enabled", true)).get("ConfigMap", "shop-redis-dashboard");

        assertThat(map.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        String dashboard = map.at("/data/redis-dashboard.json").asText();
        assertThat(dashboard).contains("\"panels\"", "redis_memory_used_bytes{namespace=\\\"$namespace\\\",pod=~\\\"$pod\\\"}");
    }

    private Manifests render(Map<String, Object> sets) {
        Map<String, Object> all = new HashMap<>(sets);
        all.put("auth.password", "unused-password");
        return Manifests.parse(helm.render("shop", null, all));
    }
}
