package org.redischart.chartgen.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
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
 * The cert-manager Certificate of tls.certManager: valid for cert-manager's CRD
 * (crds/certificate.schema.yaml), its names cover every Service and pod a client or peer
 * connects to, and the schema refuses what cert-manager would refuse.
 */
class TlsCertificateTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());
    private final KubernetesApiSchema schema = new KubernetesApiSchema();

    @Test
    void theCertificateCoversEveryServiceAndPodNameOfEachArchitecture() {
        for (String architecture : List.of("standalone", "replication", "sentinel", "cluster")) {
            Manifests manifests = render(Map.of("architecture", architecture));
            JsonNode certificate = manifests.get("Certificate", "shop-redis-tls");
            assertThat(schema.problems(certificate)).as(architecture).isEmpty();
            List<String> names = new ArrayList<>();
            certificate.at("/spec/dnsNames").forEach(n -> names.add(n.asText()));
            for (JsonNode service : manifests.ofKind("Service")) {
                String name = service.at("/metadata/name").asText();
                if (name.endsWith("-metrics")) {
                    continue;
                }
                String full = name + ".default.svc.cluster.local";
                boolean headless = "None".equals(service.at("/spec/clusterIP").asText());
                assertThat(names).as("%s: %s", architecture, name).contains(headless ? "*." + full : full);
                if (!headless) {
                    assertThat(names).contains(name, name + ".default", name + ".default.svc");
                }
            }
            assertThat(certificate.at("/spec/secretName").asText()).isEqualTo("shop-redis-tls");
            String mounted = manifests.ofKind("StatefulSet").get(0).at("/spec/template/spec/volumes").toString();
            assertThat(mounted).as("the pods mount cert-manager's Secret").contains("\"secretName\":\"shop-redis-tls\"");
        }
    }

    @Test
    void theCrdSchemaRefusesAMisspelledFieldAnUnknownUsageAndAMissingIssuerName() {
        ObjectNode certificate = render(Map.of()).get("Certificate", "shop-redis-tls").deepCopy();
        ObjectNode spec = (ObjectNode) certificate.path("spec");
        spec.set("dnsName", spec.remove("dnsNames"));
        spec.putArray("usages").add("server authentication");
        ((ObjectNode) spec.path("issuerRef")).remove("name");

        assertThat(String.join("\n", schema.problems(certificate)))
                .contains("Certificate/shop-redis-tls: .spec", "dnsName")
                .contains(".spec.usages[0]: ")
                .contains(".spec.issuerRef");
    }

    @Test
    void withoutTlsThereIsNoCertificateAndTlsWithoutASourceIsRefused() {
        assertThat(Manifests.parse(helm.render("shop", null, Map.of("auth.password", "p", "tls.certManager.enabled", true,
                "tls.certManager.issuerRef.name", "ca"))).ofKind("Certificate")).isEmpty();
        assertThatThrownBy(() -> helm.render("shop", null, Map.of("tls.enabled", true)))
                .hasMessageContaining("tls.enabled needs a certificate");
    }

    private Manifests render(Map<String, Object> sets) {
        Map<String, Object> all = new HashMap<>(sets);
        all.put("auth.password", "unused-password");
        all.put("tls.enabled", true);
        all.put("tls.certManager.enabled", true);
        all.put("tls.certManager.issuerRef.name", "internal-ca");
        return Manifests.parse(helm.render("shop", null, all));
    }
}
