package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/**
 * Passwords never reach a container's command line or a literal environment value in any
 * architecture; the GitOps settings render byte-identical manifests; a changed password
 * changes every pod's checksum/secret; upgrades keep generated passwords; the chart's
 * Secrets survive an uninstall.
 */
class SecretsAndGitOpsTest {
    static final String MAIN = "main-pw-Q1";
    static final String USER = "user-pw-Q2";
    static final String SENTINEL = "sentinel-pw-Q3";
    static final String ACL = """
            acl:
              users:
                - name: app
                  rules: "+@read ~app:*"
                  password: %s
                - name: ops
                  rules: "+@all ~*"
                  existingSecret: ops-credentials
            """.formatted(USER);

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @TempDir
    Path work;

    @BeforeEach
    void emptyCluster() {
        api.deleteSecrets(HelmRenderer.NAMESPACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "architecture: standalone\nmetrics:\n  enabled: true\n",
        "architecture: replication\nmetrics:\n  enabled: true\n",
        "architecture: sentinel\nmetrics:\n  enabled: true\nsentinel:\n  auth:\n    enabled: true\n    password: " + SENTINEL + "\n",
        "architecture: sentinel\nacl:\n  defaultUser:\n    enabled: false\n",
        "architecture: cluster\nmetrics:\n  enabled: true\n"})
    void noPasswordInAnyContainerCommandArgsOrLiteralEnv(String values) throws IOException {
        Path file = values(values + (values.contains("acl:") ? ACL.substring("acl:\n".length()) : ACL));
        Manifests manifests = Manifests.parse(renderWithHooks(file));
        List<String> checked = new ArrayList<>();
        Pattern expansion = Pattern.compile("\\$\\((REDIS_PASSWORD|REDISCLI_AUTH|SENTINEL_PASSWORD|SENTINEL_CLI_AUTH)\\)"
                + "|--requirepass|--masterauth|\\s-a\\s");
        for (JsonNode object : manifests.objects()) {
            JsonNode spec = object.path("spec").path("template").path("spec");
            if (spec.isMissingNode()) {
                spec = object.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            }
            if ("Pod".equals(object.path("kind").asText())) {
                spec = object.path("spec");
            }
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode container : spec.path(list)) {
                    String where = object.path("kind").asText() + "/" + object.path("metadata").path("name").asText()
                            + "/" + container.path("name").asText();
                    List<String> texts = new ArrayList<>();
                    container.path("command").forEach(c -> texts.add(c.asText()));
                    container.path("args").forEach(a -> texts.add(a.asText()));
                    container.path("env").forEach(e -> texts.add(e.path("value").asText("")));
                    for (String text : texts) {
                        assertThat(text).as(where).doesNotContain(MAIN, USER, SENTINEL);
                        assertThat(expansion.matcher(text).find()).as(where + ": " + text).isFalse();
                    }
                    checked.add(where);
                }
            }
        }
        assertThat(checked).as("containers checked").isNotEmpty();
        System.out.println("no password in argv/env of " + checked.size() + " containers: " + checked);
    }

    @Test
    void gitOpsRendersAreByteIdenticalWithPasswordsFromValuesOrExistingSecrets() throws IOException {
        Path given = values("auth:\n  password: " + MAIN + "\narchitecture: sentinel\n" + ACL);
        assertThat(helm.render("gitops", given)).isEqualTo(helm.render("gitops", given));
        Path existing = values("auth:\n  existingSecret: redis-credentials\narchitecture: sentinel\n" + ACL.replace(
                "password: " + USER, "existingSecret: app-credentials"));
        String first = helm.render("gitops", existing);
        assertThat(first).isEqualTo(helm.render("gitops", existing));
        assertThat(Manifests.parse(first).ofKind("Secret")).as("no chart Secret with existing Secrets").isEmpty();
    }

    @Test
    void aChangedPasswordChangesEveryPodsChecksum() throws IOException {
        Path existing = values("auth:\n  existingSecret: redis-credentials\narchitecture: sentinel\n");
        api.putSecret(HelmRenderer.NAMESPACE, "redis-credentials", "redis-password", "first");
        Map<String, String> before = checksums(helm.render("roll", existing));
        api.putSecret(HelmRenderer.NAMESPACE, "redis-credentials", "redis-password", "second");
        Map<String, String> after = checksums(helm.render("roll", existing));
        assertThat(before.keySet()).containsExactlyInAnyOrderElementsOf(after.keySet()).hasSize(2);
        before.forEach((workload, sum) -> assertThat(after.get(workload)).as(workload).isNotEqualTo(sum));
        assertThat(checksums(helm.render("roll", existing))).as("same Secret, same checksum").isEqualTo(after);

        Path given = values("auth:\n  password: " + MAIN + "\n");
        Map<String, String> one = checksums(helm.render("roll", given));
        Map<String, String> other = checksums(helm.render("roll", given, Map.of("auth.password", MAIN + "-new")));
        assertThat(one).hasSize(1);
        one.forEach((workload, sum) -> assertThat(other.get(workload)).as(workload).isNotEqualTo(sum));
    }

    @Test
    void upgradeKeepsGeneratedPasswordsAndTheChecksumStays() throws IOException {
        Path file = values("architecture: sentinel\nsentinel:\n  auth:\n    enabled: true\n"
                + "acl:\n  users:\n    - name: app\n      rules: \"+@read ~*\"\n");
        Manifests install = Manifests.parse(helm.render("keep", file));
        String userPassword = secret(install, "keep-redis-acl", "user-app");
        assertThat(userPassword).hasSize(32);
        for (JsonNode secret : install.ofKind("Secret")) {
            assertThat(secret.at("/metadata/annotations/helm.sh~1resource-policy").asText())
                    .as(secret.at("/metadata/name").asText()).isEqualTo("keep");
            Map<String, String> data = new HashMap<>();
            secret.path("data").fields().forEachRemaining(e -> data.put(e.getKey(),
                    new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
            api.putSecret(HelmRenderer.NAMESPACE, secret.at("/metadata/name").asText(), data);
        }
        Manifests upgrade = Manifests.parse(helm.render("keep", file));
        assertThat(secret(upgrade, "keep-redis-acl", "user-app")).isEqualTo(userPassword);
        assertThat(secret(upgrade, "keep-redis-sentinel", "sentinel-password"))
                .isEqualTo(secret(install, "keep-redis-sentinel", "sentinel-password"));
        assertThat(secret(upgrade, "keep-redis", "redis-password")).isEqualTo(secret(install, "keep-redis", "redis-password"));
        assertThat(checksums(upgrade.text())).as("no pod rolls on an upgrade that keeps the passwords")
                .isEqualTo(checksums(install.text()));
    }

    /** The chart rendered with its hook objects (the helm test pod, the cluster bootstrap Job) kept. */
    private String renderWithHooks(Path values) throws IOException {
        Path copy = Files.createTempDirectory(work, "chart").resolve("redis");
        TreeCopy.copy(RepoLayout.chart(), copy);
        for (String template : List.of("templates/cluster-bootstrap-job.yaml", "templates/tests/redis-test-pod.yaml")) {
            Path path = copy.resolve(template);
            Files.writeString(path, Files.readString(path).replace("helm.sh/hook:", "hook-under-test:"));
        }
        return new HelmRenderer(copy).render("argv", values);
    }

    private Path values(String yaml) throws IOException {
        return Files.writeString(work.resolve("values-" + System.nanoTime() + ".yaml"),
                (yaml.contains("auth:\n  password") || yaml.contains("existingSecret: redis") ? "" : "auth:\n  password: " + MAIN + "\n") + yaml);
    }

    private static String secret(Manifests manifests, String name, String key) {
        return new String(Base64.getDecoder().decode(manifests.get("Secret", name).path("data").path(key).asText()),
                StandardCharsets.UTF_8);
    }

    /** Workload name to its pod template's checksum/secret. */
    private static Map<String, String> checksums(String rendered) {
        Map<String, String> sums = new HashMap<>();
        for (JsonNode object : Manifests.parse(rendered).objects()) {
            JsonNode sum = object.at("/spec/template/metadata/annotations/checksum~1secret");
            if (!sum.isMissingNode()) {
                sums.put(object.path("kind").asText() + "/" + object.at("/metadata/name").asText(), sum.asText());
            }
        }
        return sums;
    }
}
