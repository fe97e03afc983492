package org.redischart.chartgen.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * Every surface contradiction is refused by chartgen validate and by the chart's fail in the
 * same words and order. Two files break every rule between them (the rules that exclude each
 * other are split), so two Helm renders cover them all.
 */
class SurfaceRulesTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    /** Breaks the first rule of each exclusive pair and every Service type rule. */
    static final String FIRST = """
            architecture: replication
            podSecurityContext:
              seccompProfile: Localhost
            persistence:
              existingClaim: bitnami-data
            dnsPolicy: None
            service:
              loadBalancerIP: 10.0.0.1
              loadBalancerSourceRanges: [10.0.0.0/8]
              externalTrafficPolicy: Local
            replica:
              service:
                type: NodePort
                loadBalancerIP: 10.0.0.2
                loadBalancerSourceRanges: [10.0.0.0/8]
            sentinel:
              service:
                loadBalancerIP: 10.0.0.3
                loadBalancerSourceRanges: [10.0.0.0/8]
                externalTrafficPolicy: Local
                nodePort: 30001
            """;

    /** Breaks the second rule of each exclusive pair, HAProxy's DNS and every IP family rule. */
    static final String SECOND = """
            profile: cache
            podSecurityContext:
              localhostProfile: profiles/redis.json
            persistence:
              existingClaim: bitnami-data
            haproxy:
              dnsPolicy: None
            replica:
              service:
                externalTrafficPolicy: Local
                nodePort: 30002
                ipFamilyPolicy: SingleStack
                ipFamilies: [IPv4, IPv6]
            sentinel:
              service:
                ipFamilyPolicy: SingleStack
                ipFamilies: [IPv6, IPv4]
            service:
              ipFamilyPolicy: SingleStack
              ipFamilies: [IPv4, IPv6]
            metrics:
              service:
                ipFamilyPolicy: SingleStack
                ipFamilies: [IPv4, IPv6]
            """;

    @TempDir
    Path work;

    @Test
    void everyRuleIsBrokenByOneOfTheTwoFiles() {
        List<String> broken = new java.util.ArrayList<>();
        for (String yaml : List.of(FIRST, SECOND)) {
            com.fasterxml.jackson.databind.JsonNode merged = merged(yaml);
            SurfaceRules.RULES.stream().filter(rule -> rule.contradicts().test(merged))
                    .forEach(rule -> broken.add(rule.path() + rule.message().apply(merged)));
        }
        assertThat(broken).hasSize(SurfaceRules.RULES.size());
    }

    @Test
    void chartgenValidateAndHelmRefuseEveryContradictionInTheSameWords() throws IOException {
        int reported = 0;
        for (String yaml : List.of(FIRST, SECOND)) {
            Path file = Files.writeString(work.resolve("surface-" + reported + ".yaml"), yaml);

            Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

            assertThat(result.exitCode()).isEqualTo(1);
            List<String> lines = result.err().lines().toList();
            List<String> texts = lines.stream().map(line -> line.replaceFirst("^" + java.util.regex.Pattern.quote(file.toString())
                    + ":\\d+:\\d+: ", "")).toList();
            assertThat(texts).as("every line names the file, line and column").allMatch(t -> t.startsWith("."))
                    .hasSizeGreaterThanOrEqualTo(4);
            // validate lists them in file order, Helm in rule order: the same lines
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                    () -> new HelmRenderer(RepoLayout.chart()).render("surface", file));
            String helm = refused.getMessage().substring(refused.getMessage().indexOf("redis: contradictory values:\n")
                    + "redis: contradictory values:\n".length());
            assertThat(helm.lines().limit(texts.size()).toList()).containsExactlyInAnyOrderElementsOf(texts);
            reported += texts.size();
        }
        System.out.printf("surface rules: %d contradictions reported by validate and Helm alike (%d rules)%n",
                reported, SurfaceRules.RULES.size());
        assertThat(reported).isEqualTo(SurfaceRules.RULES.size());
    }

    private static com.fasterxml.jackson.databind.JsonNode merged(String yaml) {
        try {
            com.fasterxml.jackson.dataformat.yaml.YAMLMapper mapper = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
            com.fasterxml.jackson.databind.JsonNode defaults = mapper.readTree(RepoLayout.chart().resolve("values.yaml").toFile());
            return merge(defaults.deepCopy(), mapper.readTree(yaml));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode merge(com.fasterxml.jackson.databind.JsonNode base,
            com.fasterxml.jackson.databind.JsonNode over) {
        over.properties().forEach(e -> {
            com.fasterxml.jackson.databind.JsonNode old = base.get(e.getKey());
            if (old != null && old.isObject() && e.getValue().isObject()) {
                merge(old, e.getValue());
            } else {
                ((com.fasterxml.jackson.databind.node.ObjectNode) base).set(e.getKey(), e.getValue());
            }
        });
        return base;
    }
}
