package org.redischart.chartgen.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * Acceptance: bitnami/redis values files written from bitnami's documented parameters convert,
 * validate, render with the real Helm engine, and the rendered Redis settings are the ones the
 * bitnami values asked for (eviction policy, persistence, auth, replica count, quorum).
 */
class BitnamiCorpusTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // file                               | statefulset            | pods | policy      | aof | save | password from               | quorum
        "standalone-persistence               | mig-redis              | 1    | noeviction  | yes | ''   | mig-redis/redis-password     | -",
        "replication-existing-secret-metrics  | mig-redis-replica      | 2    | noeviction  | yes | ''   | redis-credentials/redis-pass | -",
        "sentinel-quorum                      | mig-redis-node         | 5    | noeviction  | yes | ''   | mig-redis/redis-password     | 3",
        "cache-maxmemory-policy               | -                      | 1    | allkeys-lfu | no  | ''   | -                            | -",
        "tls                                  | mig-redis              | 1    | noeviction  | yes | ''   | mig-redis/redis-password     | -",
        "global-registry                      | mig-redis-replica      | 1    | noeviction  | yes | ''   | mig-redis/redis-password     | -",
        "valkey-sentinel                      | mig-redis-node         | 3    | noeviction  | yes | ''   | mig-redis/redis-password     | 2",
        "valkey-standalone                    | mig-redis              | 1    | allkeys-lru | yes | ''   | mig-redis/redis-password     | -"})
    void convertedValuesRenderWhatBitnamiAskedFor(String file, String statefulSet, int pods, String policy, String aof,
            String save, String password, String quorum) throws Exception {
        Path in = RepoLayout.testResources().resolve("migrate/bitnami/" + file + ".yaml");
        Path out = dir.resolve("values.yaml");

        Cli.Result migrated = Cli.run("migrate", "--from", "bitnami", "-f", in.toString(), "-o", out.toString());
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        Cli.Result validated = Cli.run("validate", "-f", out.toString(), "--chart", RepoLayout.chart().toString());
        assertThat(validated.exitCode()).as(validated.err()).isZero();
        String values = Files.readString(out);
        assertThat(values).as("every value names its bitnami source").contains("# from ");

        Manifests manifests = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render("mig", out));
        String conf = manifests.redisConf("mig-redis");
        assertThat(RenderedConfig.directive(conf, "maxmemory-policy")).contains(policy);
        assertThat(RenderedConfig.directive(conf, "appendonly")).contains(aof);
        if ("tls".equals(file)) {
            assertThat(RenderedConfig.directive(conf, "tls-port")).as("bitnami's tls.enabled").contains("6379");
            assertThat(RenderedConfig.directive(conf, "tls-auth-clients")).as("bitnami's tls.authClients").contains("yes");
            assertThat(RenderedConfig.directive(conf, "port")).as("TLS only, as bitnami").contains("0");
            assertThat(manifests.get("StatefulSet", statefulSet).at("/spec/template/spec/volumes").toString())
                    .as("bitnami's tls.existingSecret").contains("\"secretName\":\"redis-tls\"");
        }
        assertThat(RenderedConfig.directive(conf, "save").orElse("\"\"").replace("\"", "")).isEqualTo(save);
        if ("-".equals(statefulSet)) {
            assertThat(manifests.ofKind("StatefulSet")).as("no persistence: a Deployment").isEmpty();
            assertThat(manifests.get("Deployment", "mig-redis").path("spec").path("replicas").asInt(1)).isEqualTo(pods);
        } else {
            JsonNode sts = manifests.get("StatefulSet", statefulSet);
            assertThat(sts.path("spec").path("replicas").asInt()).isEqualTo(pods);
            assertThat(sts.path("spec").path("volumeClaimTemplates")).as("persistence").isNotEmpty();
        }
        JsonNode redis = StreamSupport.stream(manifests.objects().spliterator(), false)
                .filter(o -> o.path("kind").asText().matches("StatefulSet|Deployment"))
                .flatMap(o -> StreamSupport.stream(o.at("/spec/template/spec/containers").spliterator(), false))
                .filter(c -> "redis".equals(c.path("name").asText())).findFirst().orElseThrow();
        JsonNode env = StreamSupport.stream(redis.path("env").spliterator(), false)
                .filter(e -> "REDISCLI_AUTH".equals(e.path("name").asText())).findFirst().orElse(null);
        if ("-".equals(password)) {
            assertThat(env).as("auth off").isNull();
        } else {
            JsonNode ref = env.at("/valueFrom/secretKeyRef");
            assertThat(ref.path("name").asText() + "/" + ref.path("key").asText()).isEqualTo(password);
        }
        if (!"-".equals(quorum)) {
            String sentinelConf = manifests.get("ConfigMap", "mig-redis-sentinel").path("data").path("sentinel.conf").asText();
            assertThat(sentinelConf).containsPattern("sentinel monitor \\S+ \\S+ \\d+ " + quorum + "\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"valkey-sentinel, sentinel.primarySet, valkey-data-<fullname>-node-0", "valkey-standalone, primary.containerPorts.valkey, valkey-data-<fullname>-primary-0"})
    void bitnamiValkeyValuesRunValkeyAndNameTheirOwnValues(String file, String source, String claim) throws Exception {
        Path out = dir.resolve("values.yaml");
        Cli.Result migrated = Cli.run("migrate", "--from", "bitnami", "-f", RepoLayout.testResources()
                .resolve("migrate/bitnami/" + file + ".yaml").toString(), "-o", out.toString());
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        String values = Files.readString(out);

        assertThat(values).contains("engine: valkey").contains("# from " + source).contains(claim)
                .doesNotContain("from master.").doesNotContain("from global.redis");
        Manifests manifests = Manifests.parse(new HelmRenderer(RepoLayout.chart()).render("mig", out));
        assertThat(StreamSupport.stream(manifests.objects().spliterator(), false)
                .filter(o -> "StatefulSet".equals(o.path("kind").asText()))
                .map(o -> o.at("/spec/template/spec/containers/0/image").asText()))
                .isNotEmpty().allSatisfy(image -> assertThat(image).isEqualTo("docker.io/valkey/valkey:8.1.9"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "standalone-persistence | nodeSelector",
        "replication-existing-secret-metrics | serviceMonitor",
        "global-registry | imagePullSecrets"})
    void mappedValuesReachTheRender(String file, String expected) throws Exception {
        Path out = dir.resolve("values.yaml");
        Cli.run("migrate", "--from", "bitnami", "-f", RepoLayout.testResources().resolve("migrate/bitnami/" + file + ".yaml")
                .toString(), "-o", out.toString());
        String render = new HelmRenderer(RepoLayout.chart()).render("mig", out);
        switch (expected) {
            case "nodeSelector" -> assertThat(render).contains("disktype: ssd").contains("storage: 20Gi")
                    .contains("storageClassName: \"fast-ssd\"").contains("team: payments");
            case "serviceMonitor" -> assertThat(render).contains("kind: ServiceMonitor").contains("interval: 15s")
                    .contains("release: kube-prometheus-stack").contains("memory: 768Mi");
            default -> assertThat(render).contains("- name: regcred").contains("image: registry.example.com/library/redis:")
                    .contains("storageClassName: \"premium\"");
        }
    }
}
