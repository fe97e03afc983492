package org.redischart.chartgen.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * The install lines outside the chart's own README name versions a user can install: ones the
 * published repository lists. (The chart README names the version it ships with.)
 */
class PublishedVersionsTest {
    private static final Pattern VERSION = Pattern.compile("helm (?:install|upgrade|pull) .*--version ([0-9][0-9A-Za-z.+-]*)");

    @Test
    void everyVersionAnInstallLineNamesIsPublished() throws IOException {
        Set<String> published = new TreeSet<>();
        JsonNode index = new YAMLMapper().readTree(RepoLayout.root().resolve("docs/repo/index.yaml").toFile());
        index.path("entries").path("redis").forEach(entry -> published.add(entry.path("version").asText()));
        assertThat(published).contains("0.1.0");
        List<String> unpublished = new ArrayList<>();
        int lines = 0;
        for (MarkdownDoc doc : DocFiles.all()) {
            if (doc.path().startsWith(RepoLayout.chart())) {
                continue;
            }
            for (MarkdownDoc.CodeBlock block : doc.codeBlocks()) {
                Matcher version = VERSION.matcher(block.text());
                while (version.find()) {
                    lines++;
                    if (!published.contains(version.group(1))) {
                        unpublished.add(DocFiles.relative(doc) + ": " + version.group());
                    }
                }
            }
        }
        assertThat(lines).as("install lines with --version in the documents").isPositive();
        assertThat(unpublished).as("versions docs/repo/index.yaml does not list " + published).isEmpty();
    }
}
