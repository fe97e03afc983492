package org.redischart.chartgen.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

/** The committed charts/redis must be exactly what the generator produces from schema/ and templates/. */
class CommittedChartTest {
    @Test
    void committedChartIsWhatTheGeneratorProducesNow() {
        SortedMap<String, String> generated = new ChartGenerator()
                .render(RepoLayout.schema(), RepoLayout.templates(), RepoLayout.root().resolve("CHANGELOG.md"),
                        RepoLayout.chartVersion());
        Map<String, String> committed = TreeCopy.read(RepoLayout.chart());

        TreeSet<String> differing = new TreeSet<>(generated.keySet());
        differing.addAll(committed.keySet());
        differing.removeIf(path -> generated.get(path) != null && generated.get(path).equals(committed.get(path)));

        assertThat(differing)
                .as("charts/redis is out of date; run make chart (differing files)")
                .isEmpty();
    }

    /** The chart README (Artifact Hub's page) is product documentation, its generated parts taken from the sources. */
    @Test
    void chartReadmeCoversInstallConnectUpgradeUninstallAndTroubleshooting() throws IOException {
        String readme = Files.readString(RepoLayout.chart().resolve("README.md"));
        String chartYaml = Files.readString(RepoLayout.chart().resolve("Chart.yaml"));
        Matcher kubeVersion = Pattern.compile("(?m)^kubeVersion: \"?([^\"\\n]+)").matcher(chartYaml);
        assertThat(kubeVersion.find()).isTrue();

        assertThat(readme)
                .contains("## Prerequisites", "Kubernetes " + kubeVersion.group(1) + " (Chart.yaml `kubeVersion`)")
                .contains("helm repo add redischart https://", "oci://ghcr.io/")
                .contains("--version " + RepoLayout.chartVersion())
                .contains("**standalone**", "**replication**", "**sentinel**", "SENTINEL get-master-addr-by-name mymaster")
                .contains("## Upgrading", "kubectl delete statefulset my-redis --cascade=orphan", "kubectl patch pvc")
                .contains("## Uninstall", "persistence.retentionPolicy.whenDeleted=Delete", "kubectl delete pvc")
                .contains("## Troubleshooting", "-client: \"true\"", "NOAUTH", "OOM command not allowed", "READONLY")
                .contains("## Parameters");
        Matcher section = Pattern.compile("(?m)^## (\\S+)$").matcher(Files.readString(RepoLayout.root().resolve("CHANGELOG.md")));
        while (section.find()) {
            assertThat(readme).as("upgrade notes of " + section.group(1)).contains("**" + section.group(1) + "**");
        }
    }
}
