package org.redischart.chartgen.testing.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Manifests;

/** The pods' set-up chain cleans up after itself when a step fails, before any test holds the pods. */
class StatefulSetPodsTest {
    private static final Pattern NETWORK = Pattern.compile("closed the pod network rcsw-([0-9a-z]+)");

    @Test
    void podsWhoseSetUpFailsLeaveNoNamespaceBehind(@TempDir Path root) {
        // A policy nft rules cannot be made from: applying it to the client namespace fails,
        // as a missing nft or a bad rule did, after the network's namespaces exist.
        Manifests broken = Manifests.parse("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: broken
                  namespace: default
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                    - from:
                        - ipBlock:
                            cidr: 10.0.0.0/x
                """);

        Throwable failure = catchThrowable(() -> new StatefulSetPods(broken, "unused", root).enforcingPolicies(Map.of()));

        assertThat(failure).hasMessageContaining("10.0.0.0/x");
        String cleanup = Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage).toList().toString();
        Matcher network = NETWORK.matcher(cleanup);
        assertThat(network.find()).as("the failure names the network it closed: " + cleanup).isTrue();
        List<String> left = Shell.run(Duration.ofSeconds(10), "ip", "netns", "list").lines()
                .map(line -> line.split(" ")[0])
                .filter(ns -> ns.endsWith("-" + network.group(1)))
                .toList();
        assertThat(left).as("namespaces of the failed set-up").isEmpty();
        assertThat(Path.of("/etc/netns", "rccl-" + network.group(1))).doesNotExist();
    }
}
