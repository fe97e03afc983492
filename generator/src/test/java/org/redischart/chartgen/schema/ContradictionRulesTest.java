package org.redischart.chartgen.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;

/** Each contradiction still written in Java is refused by chartgen validate and by the chart's fail, in the same words (the declared ones: DeclaredRulesTest). */
class ContradictionRulesTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    /** Values that break exactly one rule, in the order of {@link ContradictionRules#RULES}. */
    static final List<String> ONE_CONTRADICTION_EACH = List.of(
            "acl:\n  users:\n    - name: app\n      rules: \"+@read ~*\"\n    - name: app\n      rules: \"+@write ~*\"\n",
            "acl:\n  users:\n    - name: app\n      rules: \"+@read ~*\"\n      password: s3cret\n      existingSecret: app-auth\n");

    @TempDir
    Path work;

    static Stream<Arguments> rules() {
        return IntStream.range(0, ContradictionRules.RULES.size()).mapToObj(i ->
                Arguments.of(ContradictionRules.RULES.get(i).path(), ONE_CONTRADICTION_EACH.get(i)));
    }

    @Test
    void everyRuleHasACase() {
        assertThat(ONE_CONTRADICTION_EACH).hasSameSizeAs(ContradictionRules.RULES);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("rules")
    void chartgenValidateAndHelmRefuseTheContradictionInTheSameWords(String path, String yaml) throws IOException {
        Path file = Files.writeString(work.resolve("contradiction.yaml"), yaml);

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString().matches(java.util.regex.Pattern.quote(file.toString())
                + ":\\d+:\\d+: " + java.util.regex.Pattern.quote(path) + ": .*");
        String message = result.err().strip().substring(result.err().indexOf(" " + path + ": ") + path.length() + 3);
        assertThatThrownBy(() -> new HelmRenderer(RepoLayout.chart()).render("contradiction", file))
                .hasMessageContaining(message);
    }

    @Test
    void everyContradictionIsReportedNotJustTheFirst() throws IOException {
        Path file = Files.writeString(work.resolve("many.yaml"),
                "auth:\n  enabled: false\n  password: s3cret\n  existingSecret: platform-auth\nservice:\n  nodePort: 30001\n");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        List<String> texts = List.of(
                ".auth.password: is set but auth.enabled is false; set auth.enabled=true or remove auth.password",
                ".auth.existingSecret: is set but auth.enabled is false; set auth.enabled=true or remove auth.existingSecret",
                ".service.nodePort: is set but service.type is ClusterIP; set service.type=NodePort or LoadBalancer, "
                        + "or remove service.nodePort");
        List<String> at = List.of(":3:3: ", ":4:3: ", ":6:3: ");
        assertThat(result.err().lines()).containsExactly(file + at.get(0) + texts.get(0), file + at.get(1) + texts.get(1),
                file + at.get(2) + texts.get(2));
        assertThatThrownBy(() -> new HelmRenderer(RepoLayout.chart()).render("contradiction", file))
                .hasMessageContaining("redis: contradictory values:\n" + String.join("\n", texts));
    }

    @Test
    void consistentValuesPassBoth() throws IOException {
        Path file = Files.writeString(work.resolve("fine.yaml"),
                "auth:\n  existingSecret: platform-auth\n  existingSecretPasswordKey: password\nservice:\n  type: NodePort\n  nodePort: 30001\n");

        assertThat(Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString()).exitCode()).isZero();
        assertThat(new HelmRenderer(RepoLayout.chart()).render("fine", file)).contains("kind: ConfigMap");
    }
}
