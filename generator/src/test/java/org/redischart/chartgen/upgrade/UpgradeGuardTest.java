package org.redischart.chartgen.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * The chart's upgrade guards: the in-test API server holds a previous release (its record in
 * Helm's storage and the StatefulSets it rendered, by the same chart), and a server-side
 * dry-run {@code helm upgrade} with new values (the guards' {@code lookup} sees the cluster
 * as on a real upgrade) must refuse what would lose data or hit immutable claim fields,
 * naming the value and the migration, and let everything else through. An install asks the
 * cluster for no StatefulSet at all.
 */
class UpgradeGuardTest {
    private static final String RELEASE = "up";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @BeforeEach
    void emptyCluster() {
        api.deleteStatefulSets(HelmRenderer.NAMESPACE);
        api.takeRequestPaths();
    }

    @ParameterizedTest
    @CsvSource({"replication, 2", "sentinel, 1"})
    void sameValuesUpgradeOfEveryArchitecturePasses(String architecture, int statefulSets) {
        Map<String, Object> values = Map.of("architecture", architecture, "nameOverride", "kv");
        installed(values);

        assertThat(upgrade(values).ofKind("StatefulSet")).hasSize(statefulSets);
    }

    @Test
    void sameValuesUpgradeAndHarmlessChangesPass() {
        installed(Map.of());

        assertThat(upgrade(Map.of()).ofKind("StatefulSet")).hasSize(1);
        assertThat(upgrade(Map.of("redis.maxclients", 500, "persistence.size", "8192Mi")).ofKind("StatefulSet")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            architecture=standalone  | architecture=replication       | architecture: the release runs architecture=standalone (StatefulSet up-redis), the values say replication
            architecture=standalone  | architecture=sentinel          | copy the data with REPLICAOF
            architecture=replication | architecture=sentinel          | architecture: the release runs architecture=replication
            architecture=sentinel    | architecture=standalone        | architecture: the release runs architecture=sentinel (StatefulSet up-redis-node)
            architecture=standalone  | persistence.enabled=false      | persistence.enabled: the release keeps its data on the claims of StatefulSet up-redis
            architecture=standalone  | persistence.size=16Gi          | kubectl delete statefulset up-redis --cascade=orphan
            architecture=standalone  | persistence.size=4Gi           | persistence.size: the claims of StatefulSet up-redis hold 8Gi, the values say 4Gi; a claim never shrinks
            architecture=standalone  | persistence.storageClass=fast  | persistence.storageClass: the claims of StatefulSet up-redis use "", the values say "fast"
            architecture=standalone  | global.storageClass=fast       | persistence.storageClass: the claims of StatefulSet up-redis use "", the values say "fast"
            architecture=standalone  | persistence.existingClaim=old-data | persistence.existingClaim: the release keeps its data on the claim data-up-redis-0 of StatefulSet up-redis
            architecture=standalone  | persistence.dataSource.kind=VolumeSnapshot,persistence.dataSource.name=snap | persistence.dataSource: the claims of StatefulSet up-redis have {}
            architecture=standalone  | persistence.accessModes[0]=ReadWriteOncePod | persistence.accessModes: the claims of StatefulSet up-redis have ["ReadWriteOnce"], the values say ["ReadWriteOncePod"]
            architecture=standalone  | persistence.annotations.backup=daily | persistence.annotations: the claims of StatefulSet up-redis carry {}, the values say {"backup":"daily"}
            architecture=standalone  | fullnameOverride=cache          | nameOverride/fullnameOverride: the release's StatefulSet up-redis would become cache
            architecture=sentinel    | nameOverride=kv                 | nameOverride/fullnameOverride: the release's StatefulSet up-redis-node would become up-kv-node
            architecture=replication | nameOverride=kv                 | nameOverride/fullnameOverride: the release's StatefulSet up-redis-primary would become up-kv-primary
            """)
    void upgradeThatWouldLoseDataOrHitImmutableFieldsIsRefused(String before, String after, String message) {
        Map<String, Object> previous = parse(before);
        installed(previous);
        Map<String, Object> next = new LinkedHashMap<>(previous);
        next.putAll(parse(after));

        assertThatThrownBy(() -> upgrade(next)).hasMessageContaining(message).hasMessageContaining("chart README, Upgrading");
    }

    @Test
    void growingTheClaimsNamesEveryClaimToPatchAndPassesOnceTheStatefulSetIsOrphaned() {
        installed(Map.of("architecture", "replication", "replica.replicaCount", 2));
        Map<String, Object> bigger = Map.of("architecture", "replication", "replica.replicaCount", 2, "persistence.size", "20Gi");

        assertThatThrownBy(() -> upgrade(bigger))
                .hasMessageContaining("persistence.size: the claims of StatefulSet up-redis-primary hold 8Gi, the values say 20Gi")
                .hasMessageContaining("kubectl patch pvc data-up-redis-primary-<i>")
                .hasMessageContaining("for i in 0..0");
        api.deleteStatefulSets(HelmRenderer.NAMESPACE); // kubectl delete statefulset ... --cascade=orphan

        assertThat(upgrade(bigger).get("StatefulSet", "up-redis-primary").at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText())
                .isEqualTo("20Gi");
    }

    @Test
    void switchingFromRedis8ToValkeyIsRefusedBecauseValkeyCannotLoadItsRdbFiles() {
        installed(Map.of("architecture", "sentinel"));

        assertThatThrownBy(() -> upgrade(Map.of("architecture", "sentinel", "engine", "valkey")))
                .hasMessageContaining("engine: the release runs engine=redis (StatefulSet up-redis-node, image docker.io/library/redis:8.2.7), the values say valkey")
                .hasMessageContaining("its data files are RDB 12, which Valkey loads only up to RDB 11")
                .hasMessageContaining("install engine=valkey as a second release")
                .hasMessageContaining("chart README says (Redis or Valkey)");
    }

    @Test
    void switchingFromRedis72ToValkeyPassesOnceTheStatefulSetIsOrphaned() {
        installed(Map.of("image.tag", "7.2.5"));
        Map<String, Object> valkey = Map.of("engine", "valkey");

        assertThatThrownBy(() -> upgrade(valkey))
                .hasMessageContaining("engine: the release runs engine=redis (StatefulSet up-redis, image docker.io/library/redis:7.2.5), the values say valkey")
                .hasMessageContaining("kubectl delete statefulset up-redis --cascade=orphan (pods and claims stay), then upgrade with engine=valkey");
        api.deleteStatefulSets(HelmRenderer.NAMESPACE); // kubectl delete statefulset ... --cascade=orphan

        assertThat(upgrade(valkey).get("StatefulSet", "up-redis").at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("docker.io/valkey/valkey:8.1.9");
    }

    @Test
    void switchingFromValkeyBackToRedisIsRefusedUntilOrphanedAndValkeyUpgradesPass() {
        Map<String, Object> valkey = Map.of("architecture", "replication", "engine", "valkey");
        installed(valkey);

        assertThat(upgrade(valkey).ofKind("StatefulSet")).hasSize(2);
        assertThatThrownBy(() -> upgrade(Map.of("architecture", "replication")))
                .hasMessageContaining("engine: the release runs engine=valkey (StatefulSet up-redis-")
                .hasMessageContaining("image docker.io/valkey/valkey:8.1.9), the values say redis")
                .hasMessageContaining("--cascade=orphan (pods and claims stay), then upgrade with engine=redis");
    }

    @Test
    void anotherReleasesStatefulSetsAreNotLookedAt() {
        installed("other", Map.of("architecture", "sentinel"));
        api.holdRelease(HelmRenderer.NAMESPACE, RELEASE, "redis", RepoLayout.chartVersion(), "");

        assertThat(upgrade(Map.of("persistence.size", "1Gi")).ofKind("StatefulSet")).hasSize(1);
    }

    @Test
    void helmTemplateHasNoClusterStateSoNothingIsRefused() {
        assertThat(helm.render(RELEASE, null, Map.of("architecture", "sentinel", "persistence.size", "1Gi")))
                .contains("name: up-redis-node");
    }

    @Test
    void anInstallAsksTheClusterOnlyForThePasswordItMayKeep() {
        installed(Map.of("architecture", "replication"));
        api.takeRequestPaths();

        assertThat(helm.render(RELEASE, null, Map.of("architecture", "sentinel"))).contains("name: up-redis-node");
        assertThat(api.takeRequestPaths()).as("what the install's lookups asked the API server")
                .allSatisfy(path -> assertThat(path).doesNotContain("statefulsets"))
                .anySatisfy(path -> assertThat(path).isEqualTo("/api/v1/namespaces/default/secrets/up-redis"));
    }

    /** Stores the StatefulSets the chart renders for {@code values}, as an installed release left them. */
    private void installed(Map<String, Object> values) {
        installed(RELEASE, values);
    }

    private void installed(String release, Map<String, Object> values) {
        String manifest = helm.render(release, null, values);
        api.holdRelease(HelmRenderer.NAMESPACE, release, "redis", RepoLayout.chartVersion(), manifest);
        for (JsonNode object : Manifests.parse(manifest).ofKind("StatefulSet")) {
            api.putStatefulSet(JSON.convertValue(object, StatefulSet.class));
        }
    }

    /**
     * The objects the upgrade would apply; throws with the chart's message when a guard
     * refuses. The dry-run upgrade decides; the objects come from the same values rendered.
     */
    private Manifests upgrade(Map<String, Object> values) {
        helm.upgradeDryRun(RELEASE, values);
        return Manifests.parse(helm.render(RELEASE, null, values));
    }

    private static Map<String, Object> parse(String sets) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String set : sets.split(",")) {
            String[] kv = set.trim().split("=", 2);
            values.put(kv[0], kv[1]);
        }
        return values;
    }
}
