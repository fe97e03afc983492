package org.redischart.chartgen.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.RepoLayout;

/** templates/README.md lists every variable the templates can use: a template author reads it, not the renderer's code. */
class TemplateVariablesDocTest {
    @Test
    void everyContextVariableOfTheRendererIsInTheTable() throws IOException {
        String renderer = Files.readString(RepoLayout.root()
                .resolve("generator/src/main/java/org/redischart/chartgen/render/ChartRenderer.java"));
        String doc = Files.readString(RepoLayout.templates().resolve("README.md"));
        List<String> variables = new ArrayList<>();
        Matcher put = Pattern.compile("context\\.put\\(\"(\\w+)\"").matcher(renderer);
        while (put.find()) {
            variables.add(put.group(1));
        }
        assertThat(variables).as("context.put calls in ChartRenderer").hasSizeGreaterThan(10);
        assertThat(variables).as("variables missing from templates/README.md's table")
                .allMatch(name -> doc.contains("| `" + name + "`"));
    }
}
