package org.redischart.chartgen.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.ChartRules;
import org.redischart.chartgen.testing.RepoLayout;

/** The bitnami table is generated from the rules into the chart README, and lives there only. */
class MigrationTableReadmeTest {
    private static final String START = "<!-- migration-table:start -->";
    private static final String END = "<!-- migration-table:end -->";

    @Test
    void theChartReadmeTableListsEveryRule() throws IOException {
        String text = Files.readString(RepoLayout.chart().resolve("README.md"));
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("charts/redis/README.md has " + START).isNotNegative();
        String generated = text.substring(start, end + END.length());
        assertThat(generated).contains("| `sentinel.quorum` | `sentinel.quorum` |");
        for (Rule rule : BitnamiRules.all(ConfTargets.of(ChartRules.of(RepoLayout.chart()).directives(),
                new SchemaPaths(new ObjectMapper().readTree(RepoLayout.chart().resolve("values.schema.json").toFile()))))) {
            String folded = "`" + rule.source().replaceFirst("^(master|replica)\\.", "{master,replica}.") + "`";
            assertThat(generated.contains("| `" + rule.source() + "` |") || generated.contains("| " + folded + " |"))
                    .as("the table lists " + rule.source()).isTrue();
        }
    }

    @Test
    void noOtherDocumentCarriesACopy() throws IOException {
        Path root = RepoLayout.root();
        List<Path> docs;
        try (Stream<Path> top = Files.list(root); Stream<Path> pages = Files.list(root.resolve("docs"))) {
            docs = Stream.concat(top, pages).filter(p -> p.toString().endsWith(".md")).toList();
        }
        for (Path doc : docs) {
            assertThat(Files.readString(doc)).as(root.relativize(doc) + " copies the bitnami table; link to the chart README's")
                    .doesNotContain(START).doesNotContain("| `master.persistence.size` |");
        }
    }
}
