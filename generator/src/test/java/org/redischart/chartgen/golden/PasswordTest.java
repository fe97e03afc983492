package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/** The generated password: random on install, kept on upgrade, never outside the Secret. */
class PasswordTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @BeforeEach
    void emptyCluster() {
        api.deleteSecrets(HelmRenderer.NAMESPACE);
    }

    @Test
    void freshInstallGeneratesAStrongRandomPassword() {
        String first = password(helm.render("fresh", null));
        String second = password(helm.render("fresh", null));

        assertThat(first).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void upgradeKeepsThePasswordAlreadyInTheCluster() {
        api.putSecret(HelmRenderer.NAMESPACE, "kept-redis", "redis-password", "s3cret-from-install");

        assertThat(password(helm.render("kept", null))).isEqualTo("s3cret-from-install");
    }

    @Test
    void explicitPasswordIsUsed() {
        String rendered = helm.render("explicit", null, Map.of("auth.password", "chosen-by-user"));

        assertThat(password(rendered)).isEqualTo("chosen-by-user");
    }

    @Test
    void passwordAppearsOnlyInTheSecret() {
        String secret = "plain-text-marker-4711";
        Manifests manifests = Manifests.parse(helm.render("leak", null, Map.of("auth.password", secret)));
        String encoded = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));

        for (JsonNode object : manifests.objects()) {
            if (!"Secret".equals(object.path("kind").asText())) {
                assertThat(object.toString()).as(object.path("kind") + " " + object.path("metadata").path("name"))
                        .doesNotContain(secret).doesNotContain(encoded);
            }
        }
        JsonNode container = manifests.get("StatefulSet", "leak-redis")
                .at("/spec/template/spec/containers/0");
        assertThat(container.path("args").toString()).doesNotContain("REDIS_PASSWORD");
        assertThat(container.path("env").toString()).contains("secretKeyRef");
        assertThat(manifests.get("StatefulSet", "leak-redis").at("/spec/template/spec/volumes").toString())
                .as("Redis reads the password from the mounted Secret")
                .contains("\"projected\"").contains("\"name\":\"leak-redis\"");
    }

    private static String password(String rendered) {
        JsonNode secret = Manifests.parse(rendered).ofKind("Secret").get(0);
        return new String(Base64.getDecoder().decode(secret.at("/data/redis-password").asText()),
                StandardCharsets.UTF_8);
    }
}
