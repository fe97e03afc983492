package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RenderedConfig;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * How the profile fills the values left null, that an explicit value always wins, and the
 * combinations the chart refuses with a message saying what to change.
 */
class ArchitectureGuardsTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            profile=cache                                   | allkeys-lru  | no  | Deployment
            profile=session                                 | volatile-lru | yes | StatefulSet
            profile=stream                                  | noeviction   | yes | StatefulSet
            profile=cache,persistence.enabled=true          | allkeys-lru  | no  | StatefulSet
            profile=stream,redis.appendonly=false           | noeviction   | no  | StatefulSet
            profile=session,redis.maxmemoryPolicy=allkeys-lfu | allkeys-lfu | yes | StatefulSet
            profile=session,persistence.enabled=false       | volatile-lru | no  | Deployment
            """)
    void profileFillsWhatIsNotSetAndExplicitValuesWin(String sets, String policy, String appendonly, String kind) {
        Manifests manifests = Manifests.parse(helm.render("guard", null, parse(sets)));
        String conf = manifests.redisConf("guard-redis");
        assertThat(RenderedConfig.directive(conf, "maxmemory-policy")).contains(policy);
        assertThat(RenderedConfig.directive(conf, "appendonly")).contains(appendonly);
        assertThat(manifests.find(kind, "guard-redis")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            architecture=replication,profile=cache      | architecture=replication needs persistence
            architecture=sentinel,persistence.enabled=false | set persistence.enabled=true
            architecture=sentinel,sentinel.quorum=4     | sentinel.quorum=4 is more than the 3 Sentinels
            architecture=sentinel,replica.replicaCount=1 | set replica.replicaCount >= 2
            architecture=sentinel,sentinel.port=6379    | sentinel.port and redis.port share a pod
            """)
    void impossibleCombinationsFailWithWhatToChange(String sets, String message) {
        assertThatThrownBy(() -> helm.render("guard", null, parse(sets))).hasMessageContaining(message);
    }

    private static Map<String, Object> parse(String sets) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String set : sets.split(",")) {
            String[] kv = set.split("=", 2);
            values.put(kv[0].trim(), kv[1].trim());
        }
        return values;
    }
}
