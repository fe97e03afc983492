package org.redischart.chartgen.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.cli.PublishCommand;
import picocli.CommandLine;

/** A signed release carries a .prov whose signature verifies and whose digest is the package's. */
class ProvenanceTest {

    @TempDir
    static Path keyDir;

    @TempDir
    Path tmp;

    /** RSA key generation takes seconds; one key serves every case. */
    private static ThrowawayGpgKey key;
    private Path chart;

    @BeforeAll
    static void createKey() throws Exception {
        key = new ThrowawayGpgKey(keyDir);
    }

    @AfterAll
    static void stopGpgAgent() throws Exception {
        key.close();
    }

    @BeforeEach
    void createChart() {
        chart = TestCharts.redis(tmp, "0.1.0");
    }

    @Test
    void aSignedPackageHasAProvenanceFileThatVerifiesAndNamesItsDigest() throws Exception {
        Path out = tmp.resolve("chart-repo");
        new Publisher(new ChartPackager(), Clock.systemUTC())
                .publish(new PublishRequest(chart, tmp.resolve("empty"), out, Optional.empty(), Optional.of(key.signingKey())));

        Path prov = out.resolve("redis-0.1.0.tgz.prov");
        String digest = ChartArchive.read(out.resolve("redis-0.1.0.tgz")).digest();
        assertThat(Files.readString(prov)).contains("name: redis", "redis-0.1.0.tgz: sha256:" + digest);
        assertThat(key.verifies(prov)).isTrue();
    }

    @Test
    void aTamperedProvenanceFileDoesNotVerify() throws Exception {
        Path out = tmp.resolve("chart-repo");
        new Publisher(new ChartPackager(), Clock.systemUTC())
                .publish(new PublishRequest(chart, tmp.resolve("empty"), out, Optional.empty(), Optional.of(key.signingKey())));
        Path prov = out.resolve("redis-0.1.0.tgz.prov");

        Files.writeString(prov, Files.readString(prov).replace("sha256:", "sha256:0"));

        assertThat(key.verifies(prov)).isFalse();
    }

    @Test
    void thePublishCommandSignsWithTheKeyTheUserNames() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new PublishCommand());
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("--chart", chart.toString(), "--published", tmp.resolve("empty").toString(),
                "--out", tmp.resolve("chart-repo").toString(), "--sign", "--key", ThrowawayGpgKey.NAME,
                "--keyring", key.keyring().toString(), "--passphrase-file", key.passphraseFile().toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(key.verifies(tmp.resolve("chart-repo/redis-0.1.0.tgz.prov"))).isTrue();
    }
}
