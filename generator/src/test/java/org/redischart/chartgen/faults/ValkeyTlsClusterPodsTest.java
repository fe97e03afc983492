package org.redischart.chartgen.faults;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.SuiteBanner;
import org.redischart.chartgen.testing.pods.ImageRoots;

/**
 * Issue 31: {@link TlsClusterPodsTest} with {@code engine: valkey}: the rendered bootstrap Job
 * creates a 3-shard Valkey 8.1 cluster over mutual TLS (tls-cluster yes, port 0), every node is
 * Ready and reaches cluster_state:ok (the bus gossips over TLS), {@code valkey-cli -c --tls}
 * follows redirects across the shards, and a plain client is refused.
 */
class ValkeyTlsClusterPodsTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void valkeyClusterBootstrapsAndServesOverMutualTlsOnTheClientPortAndTheBus() {
        ImageRoots roots = ImageRoots.trixie();
        SuiteBanner.once("pods run on " + roots.valkeyVersion());
        TlsClusterPodsTest.bootstrapsAndServesOverMutualTls("valkey " + TlsClusterPodsTest.SCENARIO,
                ClusterFaultsTest.renderWithJob(work, TlsClusterPodsTest.SCENARIO, Map.of("engine", "valkey")), Optional.of(roots),
                "valkey-cli", work);
    }
}
