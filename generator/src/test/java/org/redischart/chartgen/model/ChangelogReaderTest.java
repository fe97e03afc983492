package org.redischart.chartgen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangelogReaderTest {

    private final ChangelogReader reader = new ChangelogReader();

    @Test
    void readsTheBulletsOfEachVersionSection() {
        Changelog changelog = reader.parse("CHANGELOG.md", """
                # Changelog

                Prose before the first version is ignored.

                ## 0.2.0 - 2026-12-01
                - added: Sentinel mode
                - fixed: maxmemory is now 90% of the
                  container limit

                ## [0.1.0]
                - added: Standalone Redis
                """);

        assertThat(changelog.changesFor("0.2.0")).containsExactly(
                new Change(ChangeKind.ADDED, "Sentinel mode"),
                new Change(ChangeKind.FIXED, "maxmemory is now 90% of the container limit"));
        assertThat(changelog.changesFor("0.1.0")).containsExactly(new Change(ChangeKind.ADDED, "Standalone Redis"));
    }

    @Test
    void rendersTheArtifactHubChangesAnnotation() {
        Changelog changelog = reader.parse("CHANGELOG.md", """
                ## 0.1.0
                - added: Standalone Redis
                - security: "quoted: text" stays a string
                """);

        assertThat(changelog.artifactHubChanges("0.1.0")).isEqualTo("""
                - kind: added
                  description: Standalone Redis
                - kind: security
                  description: "\\"quoted: text\\" stays a string"
                """);
    }

    @Test
    void reportsEveryBadLineWithItsLineNumber() {
        assertThatThrownBy(() -> reader.parse("CHANGELOG.md", """
                ## 0.1.0
                - new: something
                just prose
                ## 0.1.0
                """))
                .isInstanceOf(ChangelogException.class)
                .hasMessage(String.join("\n", List.of(
                        "CHANGELOG.md:2: expected a kind of added, changed, deprecated, removed, fixed or security, found 'new'",
                        "CHANGELOG.md:3: expected a bullet '- <kind>: <text>', found 'just prose'",
                        "CHANGELOG.md:4: expected one section per version, found a second '## 0.1.0'")));
    }

    @Test
    void aVersionWithoutSectionNamesTheMissingHeading() {
        Changelog changelog = reader.parse("CHANGELOG.md", "## 0.1.0\n- added: Redis\n");

        assertThatThrownBy(() -> changelog.changesFor("0.2.0"))
                .hasMessage("CHANGELOG.md: expected a section '## 0.2.0' (the chart version), found sections [0.1.0]");
    }

    @Test
    void theRepositoryChangelogDescribesTheCurrentChartVersion() {
        Path changelog = Path.of(System.getProperty("repo.root", ".."), "CHANGELOG.md");

        assertThat(reader.read(changelog).changesFor(System.getProperty("chart.version"))).isNotEmpty();
    }
}
