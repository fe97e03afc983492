package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepositoryIndexTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingIndexIsAnEmptyRepository() {
        assertThat(RepositoryIndex.read(tmp.resolve("index.yaml")).versions("redis")).isEmpty();
    }

    @Test
    void publishedEntriesAreWrittenBackAsTheyWereRead() throws IOException {
        Path index = Files.writeString(tmp.resolve("index.yaml"), """
                apiVersion: v1
                entries:
                  redis:
                  - apiVersion: v2
                    appVersion: "7.4"
                    created: "2026-01-01T00:00:00Z"
                    digest: abc
                    name: redis
                    urls:
                    - redis-0.1.0.tgz
                    version: 0.1.0
                generated: "2026-01-01T00:00:00Z"
                """);

        RepositoryIndex.read(index).write(tmp.resolve("out.yaml"), Instant.parse("2026-02-02T00:00:00Z"));

        assertThat(Files.readString(tmp.resolve("out.yaml"))).isEqualTo("""
                apiVersion: v1
                entries:
                  redis:
                  - apiVersion: v2
                    appVersion: "7.4"
                    created: 2026-01-01T00:00:00Z
                    digest: abc
                    name: redis
                    urls:
                    - redis-0.1.0.tgz
                    version: 0.1.0
                generated: 2026-02-02T00:00:00Z
                """);
    }

    @Test
    void anIndexWithAKeyGivenTwiceIsRefusedNamingTheLine() throws IOException {
        Path index = Files.writeString(tmp.resolve("index.yaml"), "apiVersion: v1\nentries: {}\nentries: {}\n");

        assertThatThrownBy(() -> RepositoryIndex.read(index)).hasMessage(index + ":3:1: duplicate key \"entries\"");
    }

    @Test
    void anIndexOfAnotherFormatIsRefusedNamingTheField() throws IOException {
        Path index = Files.writeString(tmp.resolve("index.yaml"), "apiVersion: v2\nentries: {}\n");

        assertThatThrownBy(() -> RepositoryIndex.read(index))
                .hasMessage(index + ": .apiVersion: expected v1, found 'v2'");
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({"0.1.0, 0.2.0", "0.9.0, 0.10.0", "1.0.0-rc.1, 1.0.0", "1.0.0-alpha, 1.0.0-beta", "1.9.9, 2.0.0"})
    void versionsOrderAsSemanticVersions(String older, String newer) {
        assertThat(SemanticVersion.parse(older)).isLessThan(SemanticVersion.parse(newer));
    }
}
