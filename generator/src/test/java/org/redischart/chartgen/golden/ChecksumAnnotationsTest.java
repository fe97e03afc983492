package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * The golden files hide the hashes of checksum annotations (GoldenFile.checksumFree); this is
 * what they would show: each hash changes when a value it covers changes, and no other does,
 * so pods restart on upgrade exactly when their configuration or password changed.
 */
class ChecksumAnnotationsTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    private static final Map<String, Object> BASE = Map.of("architecture", "sentinel", "auth.password", "first");
    private final HelmRenderer helm = new HelmRenderer(RepoLayout.chart());

    @ParameterizedTest(name = "{0}={1} changes {2}")
    @CsvSource(delimiter = '|', value = {
            "redis.maxclients                 | 5000   | StatefulSet/c-redis-node checksum/config",
            "redis.extraConfig                | 'lazyfree-lazy-eviction yes' | StatefulSet/c-redis-node checksum/config",
            "sentinel.downAfterMilliseconds   | 6000   | StatefulSet/c-redis-node checksum/sentinel-config",
            "haproxy.maxconn                  | 2000   | Deployment/c-redis-haproxy checksum/config",
            "auth.password                    | second | Deployment/c-redis-haproxy checksum/secret, StatefulSet/c-redis-node checksum/secret",
            "podAnnotations.team              | shop   | ''"})
    void eachChecksumChangesWhenAndOnlyWhenItsInputsChange(String value, String setTo, String expected) {
        Map<String, String> before = checksums(BASE);
        Map<String, Object> changed = new HashMap<>(BASE);
        changed.put(value, setTo);
        Map<String, String> after = checksums(changed);

        Set<String> differing = new TreeSet<>();
        before.forEach((key, hash) -> {
            if (!hash.equals(after.get(key))) {
                differing.add(key);
            }
        });
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(String.join(", ", differing)).isEqualTo(expected);
    }

    /** "Kind/name checksum/x" of every workload's pod template, to the hash. */
    private Map<String, String> checksums(Map<String, Object> values) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode object : Manifests.parse(helm.render("c", null, values)).objects()) {
            JsonNode annotations = object.at("/spec/template/metadata/annotations");
            annotations.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("checksum/")) {
                    out.put(object.path("kind").asText() + "/" + object.at("/metadata/name").asText() + " " + e.getKey(),
                            e.getValue().asText());
                }
            });
        }
        assertThat(out).as("checksum annotations rendered").hasSizeGreaterThanOrEqualTo(5);
        return out;
    }
}
