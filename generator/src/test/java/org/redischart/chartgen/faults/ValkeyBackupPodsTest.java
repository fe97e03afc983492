package org.redischart.chartgen.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.SuiteBanner;
import org.redischart.chartgen.testing.pods.ImageRoots;

/**
 * Issue 31: {@link BackupRedis8PodsTest} with {@code engine: valkey}: the backup CronJob's pod,
 * in the Valkey root, snapshots a standalone Valkey 8.1 pod with the chart's backup script
 * (valkey-cli --rdb); the file is RDB version 11 ({@code REDIS0011}: Valkey 8 writes 11, Redis
 * 7.4 and later 12); restored as the chart README says, a Valkey pod of a fresh release loads
 * it and serves every key.
 */
class ValkeyBackupPodsTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    @Test
    void aValkeySnapshotIsRdbVersion11AndRestoresEveryKeyIntoValkey() throws IOException {
        ImageRoots roots = ImageRoots.trixie();
        SuiteBanner.once("pods run on " + roots.valkeyVersion());
        BackupRedis8PodsTest.snapshotAndRestore("backup valkey", roots, Map.of("engine", "valkey"), "REDIS0011",
                "valkey_version:8.", work);
    }
}
