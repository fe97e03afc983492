package org.redischart.chartgen.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.KubeApiServer;

/** {@link SentinelFaultsTest}'s scenarios on the cache profile, in a class of its own so both profiles run side by side. */
class SentinelCacheFaultsTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @Test
    void cacheProfileKeepsEveryAcknowledgedWriteThroughFaults() {
        SentinelFaultsTest.keepsEveryAcknowledgedWriteThroughFaults("sentinel-cache");
    }
}
