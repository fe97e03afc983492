package org.redischart.chartgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.model.Parameter;
import org.redischart.chartgen.testing.RepoLayout;

class ParameterSectionsTest {
    private static final String LONG = "Replaces the whole name. It starts with a letter and has at most 44 characters, so every"
            + " name the chart derives from it stays whole: the StatefulSets' names get a suffix and must fit 52 characters.";

    private static Parameter value(String path, String description) {
        return new Parameter(path, path.split("\\.").length - 1, description, "string", TextNode.valueOf(""), false);
    }

    @Test
    void groupsByWhatTheValueConfiguresAndKeepsEveryValueOnce() {
        List<ParameterSection> sections = new ParameterSections().sections(List.of(
                value("tls.enabled", "TLS on."),
                value("architecture", "How Redis is laid out."),
                new Parameter("redis", 0, "Redis settings.", "object", null, true),
                value("redis.port", "Port."),
                value("somethingNew", "A value no group names yet.")));
        assertThat(sections).extracting(ParameterSection::title).containsExactly("Common", "TLS", "Redis", "Other settings");
        assertThat(sections).flatExtracting(ParameterSection::rows).extracting(ParameterRow::name)
                .containsExactlyInAnyOrder("`tls.enabled`", "`architecture`", "`redis.port`", "`somethingNew`");
    }

    @Test
    void aLongDescriptionKeepsItsFirstSentenceInTheCellAndAllOfItBelow() {
        ParameterSection section = new ParameterSections().sections(List.of(value("fullnameOverride", LONG))).get(0);
        assertThat(section.rows().get(0).description()).isEqualTo("Replaces the whole name. (more below the table)");
        assertThat(section.details()).containsExactly(new ParameterSection.Detail("`fullnameOverride`", LONG));
    }

    @Test
    void aFirstSentenceTooLongForACellIsCutAtAWord() {
        String description = "word ".repeat(60).trim() + ". Second.";
        String cell = ParameterTable.shortDescription(description);
        assertThat(cell).endsWith("word … (more below the table)");
        assertThat(cell.length()).isLessThanOrEqualTo(ParameterTable.CELL + " … (more below the table)".length());
    }

    @Test
    void theCommittedChartReadmeHasNoUngroupedValueAndNoOverlongCell() throws IOException {
        String readme = Files.readString(RepoLayout.chart().resolve("README.md"));
        String parameters = readme.substring(readme.indexOf("## Parameters"));
        assertThat(parameters).doesNotContain("### Other settings").contains("### Sentinel", "### Metrics and alerts");
        assertThat(parameters.lines().filter(l -> l.startsWith("| `")).map(l -> l.split("(?<!\\\\)\\|")[2].trim()))
                .allMatch(cell -> cell.length() <= ParameterTable.CELL + " … (more below the table)".length() + 4);
    }
}
