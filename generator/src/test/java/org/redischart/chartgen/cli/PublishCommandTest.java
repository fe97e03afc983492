package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PublishCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path chart;

    @BeforeEach
    void createChart() {
        Helm.create().withName("redis").withDir(tmp).call();
        chart = tmp.resolve("redis");
    }

    @Test
    void publishesANewVersionAndSaysWhichVersionsTheRepositoryHolds() {
        int exit = run("--chart", chart.toString(), "--published", tmp.resolve("docs/repo").toString(),
                "--out", tmp.resolve("chart-repo").toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("Added redis-0.1.0 to the chart repository in " + tmp.resolve("chart-repo")
                + " (versions: 0.1.0); it is published when that directory is deployed\n");
        assertThat(tmp.resolve("chart-repo/redis-0.1.0.tgz")).isRegularFile();
        assertThat(tmp.resolve("chart-repo/index.yaml")).isRegularFile();
    }

    @Test
    void aChangedPublishedVersionExitsOneWithTheBumpMessage() throws IOException {
        Path published = tmp.resolve("docs/repo");
        run("--chart", chart.toString(), "--published", published.toString(), "--out", published.toString());
        Path values = chart.resolve("values.yaml");
        Files.writeString(values, Files.readString(values) + "\n# a change\n");

        int exit = run("--chart", chart.toString(), "--published", published.toString(),
                "--out", tmp.resolve("chart-repo").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("chartgen publish: " + chart
                + " differs from the published redis-0.1.0.tgz: bump the version in pom.xml (files: values.yaml)\n");
    }

    @Test
    void signingWithoutAKeyIsAUsageError() {
        int exit = run("--chart", chart.toString(), "--published", "docs/repo", "--out", "target/x", "--sign");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--sign needs --key and --keyring");
    }

    @Test
    void aMissingChartExitsOneNamingTheDirectory() {
        int exit = run("--chart", tmp.resolve("nope").toString(), "--published", "docs/repo", "--out", "target/x");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("chartgen publish: " + tmp.resolve("nope")
                + ": not a chart directory: expected Chart.yaml, found none\n");
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new PublishCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
