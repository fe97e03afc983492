package org.redischart.chartgen.schema;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Every surface contradiction of schema/rules.yaml (seccomp, existing claim, DNS, Service
 * types and IP families) is refused by chartgen validate and by the chart's fail in the same
 * words, all in one run. Two files break every rule between them (the rules that exclude each
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

    /** The surface rules of schema/rules.yaml, by the values they blame. */
    private static final java.util.function.Predicate<String> SURFACE = java.util.regex.Pattern.compile(
            "\\.podSecurityContext\\..*|\\.persistence\\.existingClaim|(\\.haproxy)?\\.dnsPolicy"
            + "|.*\\.service\\.(loadBalancerIP|loadBalancerSourceRanges|externalTrafficPolicy|ipFamilies)"
            + "|\\.(replica|sentinel)\\.service\\.nodePort").asMatchPredicate();

    @Test
    void chartgenValidateAndHelmRefuseEveryContradictionInTheSameWords() throws IOException {
        long rules = DeclaredRulesTest.source().rules().stream().filter(rule -> SURFACE.test(rule.blame())).count();
        assertThat(rules).as("surface rules in schema/rules.yaml").isEqualTo(21);
        java.util.Set<String> blamed = new java.util.HashSet<>();
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
            texts.forEach(t -> blamed.add(t.substring(0, t.indexOf(": "))));
            reported += texts.size();
        }
        System.out.printf("surface rules: %d contradictions reported by validate and Helm alike (%d rules)%n", reported, rules);
        assertThat(reported).isEqualTo(rules);
        assertThat(blamed).as("the two files break every surface rule").allMatch(SURFACE).hasSize(20);
    }
}
