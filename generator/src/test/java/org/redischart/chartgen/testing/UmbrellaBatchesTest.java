package org.redischart.chartgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A batch render names exactly the cases that break the schema; a template's refusal names none. */
class UmbrellaBatchesTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    Path work;

    private record Values(int id, String yaml) implements UmbrellaBatches.Case {
    }

    @Test
    void onlyTheCasesThatBreakTheSchemaAreNamed() {
        UmbrellaBatches batches = new UmbrellaBatches(RepoLayout.chart(), work, RepoLayout.chartVersion());
        List<Values> cases = List.of(
                new Values(0, "architecture: standalone\n"),
                new Values(1, "auth:\n  enabled: \"yes\"\n"),
                new Values(2, "{\"redis\": {\"zzUnknownKey\": 1}}\n"),
                new Values(3, "replica:\n  replicaCount: 2\n"));

        assertThat(batches.refusedBySchema(cases)).containsExactlyInAnyOrder(1, 2);
        assertThat(batches.refusedBySchema(List.of(cases.get(0), cases.get(3)))).as("values Helm renders").isEmpty();
        assertThat(batches.renders()).isEqualTo(2);
    }
}
