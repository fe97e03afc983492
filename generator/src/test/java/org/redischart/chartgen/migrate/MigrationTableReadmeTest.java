package org.redischart.chartgen.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.RepoLayout;

/** The top-level README's bitnami table is the one generated from the rules into the chart README. */
class MigrationTableReadmeTest {
    private static final String START = "<!-- migration-table:start -->";
    private static final String END = "<!-- migration-table:end -->";

    @Test
    void topLevelReadmeCarriesTheGeneratedTable() throws IOException {
        String generated = table(RepoLayout.chart().resolve("README.md"));
        assertThat(generated).contains("| `sentinel.quorum` | `sentinel.quorum` |");
        for (Rule rule : BitnamiRules.all()) {
            String folded = "`" + rule.source().replaceFirst("^(master|replica)\\.", "{master,replica}.") + "`";
            assertThat(generated.contains("| `" + rule.source() + "` |") || generated.contains("| " + folded + " |"))
                    .as("the table lists " + rule.source()).isTrue();
        }
        assertThat(table(RepoLayout.root().resolve("README.md")))
                .as("README.md's table differs from charts/redis/README.md's: copy the generated one (make chart first)")
                .isEqualTo(generated);
    }

    private static String table(Path readme) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as(readme + " has " + START).isNotNegative();
        return text.substring(start, end + END.length());
    }
}
