package org.redischart.chartgen.testing.pods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redischart.chartgen.testing.Manifests;

/** The enforcer's judgement follows the NetworkPolicy API's semantics, case by case. */
class NetworkPoliciesTest {
    private static final PolicyEndpoint DB = PolicyEndpoint.pod("db", "shop", Map.of("app", "db")).at("10.0.0.10")
            .withContainers(yaml("[{name: redis, ports: [{name: redis, containerPort: 6379}, {name: dns-ish, containerPort: 53, protocol: UDP}]}]"));
    private static final PolicyEndpoint WEB = PolicyEndpoint.pod("web", "shop", Map.of("app", "web")).at("10.0.0.11");
    private static final PolicyEndpoint OTHER = PolicyEndpoint.pod("other", "shop", Map.of()).at("10.0.0.12");
    private static final PolicyEndpoint WEB_ELSEWHERE = PolicyEndpoint.pod("web2", "ops", Map.of("app", "web"))
            .inNamespaceLabelled(Map.of("team", "ops")).at("10.0.0.13");
    private static final PolicyEndpoint INTERNET = PolicyEndpoint.outside("internet").at("192.0.2.7");

    @Test
    void aPodNoPolicySelectsIsNotIsolated() {
        NetworkPolicies policies = policies(policy("only-web", "{matchLabels: {app: web}}", "[Ingress]", "ingress: []"));

        assertThat(policies.judge(OTHER, DB, "TCP", 6379).allowed()).isTrue();
        assertThat(policies.judge(OTHER, DB, "TCP", 6379).toString()).isEqualTo("egress not isolated, ingress not isolated");
        assertThat(policies.judge(DB, WEB, "TCP", 80).allowed()).as("web is isolated for ingress, and nothing admits").isFalse();
    }

    @Test
    void isolationIsPerPolicyType() {
        NetworkPolicies policies = policies(policy("db-in", "{matchLabels: {app: db}}", "[Ingress]", "ingress: []"));

        assertThat(policies.judge(DB, INTERNET, "TCP", 443).allowed()).as("egress stays open").isTrue();
        assertThat(policies.judge(WEB, DB, "TCP", 6379).allowed()).isFalse();
    }

    @Test
    void policyTypesDefaultToIngressAndToEgressWhenEgressRulesExist() {
        NetworkPolicies policies = policies(policy("db", "{matchLabels: {app: db}}", null, "egress: [{ports: [{port: 53, protocol: UDP}]}]"));

        assertThat(policies.judge(DB, INTERNET, "UDP", 53).allowed()).isTrue();
        assertThat(policies.judge(DB, INTERNET, "TCP", 443).allowed()).isFalse();
        assertThat(policies.judge(WEB, DB, "TCP", 6379).allowed()).as("Ingress implied").isFalse();
    }

    @Test
    void anySelectingPolicyThatAdmitsIsEnough() {
        NetworkPolicies policies = policies(
                policy("a", "{matchLabels: {app: db}}", "[Ingress]", "ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]"),
                policy("b", "{}", "[Ingress]", "ingress: [{from: [{podSelector: {matchLabels: {app: nothing}}}]}]"));

        assertThat(policies.judge(WEB, DB, "TCP", 6379).ingress()).hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("a ingress[0]"));
        assertThat(policies.judge(OTHER, DB, "TCP", 6379).allowed()).isFalse();
        assertThat(policies.judge(DB, WEB, "TCP", 80).allowed()).as("the empty podSelector of b selects web too").isFalse();
    }

    @Test
    void peersOfARuleAreOredAndSelectorsInOnePeerAnded() {
        NetworkPolicies ored = policies(policy("p", "{matchLabels: {app: db}}", "[Ingress]",
                "ingress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}, {podSelector: {matchLabels: {app: web}}}]}]"));
        NetworkPolicies anded = policies(policy("p", "{matchLabels: {app: db}}", "[Ingress]",
                "ingress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchLabels: {app: nothing}}}]}]"));

        assertThat(ored.judge(WEB, DB, "TCP", 6379).allowed()).as("pod selector alone: own namespace").isTrue();
        assertThat(ored.judge(WEB_ELSEWHERE, DB, "TCP", 6379).allowed()).as("namespace selector alone: every pod there").isTrue();
        assertThat(ored.judge(OTHER, DB, "TCP", 6379).allowed()).isFalse();
        assertThat(anded.judge(WEB_ELSEWHERE, DB, "TCP", 6379).allowed()).as("both must match").isFalse();
    }

    @Test
    void aPodSelectorWithoutNamespaceSelectorMeansThePolicysOwnNamespace() {
        NetworkPolicies policies = policies(policy("p", "{matchLabels: {app: db}}", "[Ingress]",
                "ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]"));

        assertThat(policies.judge(WEB_ELSEWHERE, DB, "TCP", 6379).allowed()).isFalse();
    }

    @Test
    void emptySelectorsMatchEverythingAndMissingFromOrPortsAdmitEverything() {
        NetworkPolicies everyNamespace = policies(policy("p", "{matchLabels: {app: db}}", "[Ingress]",
                "ingress: [{from: [{namespaceSelector: {}, podSelector: {}}], ports: [{port: 6379}]}]"));
        NetworkPolicies noFrom = policies(policy("p", "{matchLabels: {app: db}}", "[Ingress]", "ingress: [{ports: [{port: 6379}]}]"));
        NetworkPolicies noPorts = policies(policy("p", "{matchLabels: {app: db}}", "[Ingress]",
                "ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]"));

        assertThat(everyNamespace.judge(WEB_ELSEWHERE, DB, "TCP", 6379).allowed()).isTrue();
        assertThat(everyNamespace.judge(INTERNET, DB, "TCP", 6379).allowed()).as("selectors name pods, not outside addresses").isFalse();
        assertThat(noFrom.judge(INTERNET, DB, "TCP", 6379).allowed()).isTrue();
        assertThat(noFrom.judge(INTERNET, DB, "TCP", 6380).allowed()).isFalse();
        assertThat(noPorts.judge(WEB, DB, "UDP", 9999).allowed()).isTrue();
    }

    @Test
    void namedPortsResolveOnTheTargetPodsContainers() {
        NetworkPolicies policies = policies(policy("p", "{matchLabels: {app: web}}", "[Egress]",
                "egress: [{ports: [{port: redis}, {port: dns-ish, protocol: UDP}]}]"));

        assertThat(policies.judge(WEB, DB, "TCP", 6379).allowed()).isTrue();
        assertThat(policies.judge(WEB, DB, "UDP", 53).allowed()).isTrue();
        assertThat(policies.judge(WEB, DB, "TCP", 53).allowed()).as("the name is of a UDP port").isFalse();
        assertThat(policies.judge(WEB, OTHER, "TCP", 6379).allowed()).as("other has no port named redis").isFalse();
    }

    @Test
    void portRangesAndIpBlocksWithExceptions() {
        NetworkPolicies policies = policies(policy("p", "{matchLabels: {app: web}}", "[Egress]",
                "egress: [{to: [{ipBlock: {cidr: 192.0.2.0/24, except: [192.0.2.7/32]}}], ports: [{port: 8000, endPort: 8100}]}]"));

        assertThat(policies.judge(WEB, INTERNET.at("192.0.2.8"), "TCP", 8050).allowed()).isTrue();
        assertThat(policies.judge(WEB, INTERNET.at("192.0.2.8"), "TCP", 8101).allowed()).isFalse();
        assertThat(policies.judge(WEB, INTERNET, "TCP", 8050).allowed()).as("the excepted address").isFalse();
        assertThat(NetworkPolicies.inCidr("fd00:1::5", "fd00:1::/64")).isTrue();
        assertThat(NetworkPolicies.inCidr("fd00:2::5", "fd00:1::/64")).isFalse();
    }

    @Test
    void aPolicySelectsOnlyPodsOfItsOwnNamespace() {
        NetworkPolicies policies = policies(policy("p", "{}", "[Ingress, Egress]", "ingress: []"));

        assertThat(policies.judge(WEB_ELSEWHERE, INTERNET, "TCP", 443).allowed()).isTrue();
        assertThat(policies.judge(WEB, INTERNET, "TCP", 443).allowed()).isFalse();
    }

    @Test
    void aFlowNeedsTheSourcesEgressAndTheTargetsIngress() {
        NetworkPolicies policies = policies(
                policy("web-out", "{matchLabels: {app: web}}", "[Egress]", "egress: [{to: [{podSelector: {matchLabels: {app: db}}}]}]"),
                policy("db-in", "{matchLabels: {app: db}}", "[Ingress]", "ingress: [{ports: [{port: 6380}]}]"));

        assertThat(policies.judge(WEB, DB, "TCP", 6379).toString()).isEqualTo("egress web-out egress[0], ingress refused");
        assertThat(policies.judge(WEB, DB, "TCP", 6380).allowed()).isTrue();
    }

    private static NetworkPolicies policies(String... documents) {
        return NetworkPolicies.of(Manifests.parse(String.join("\n---\n", documents)));
    }

    private static String policy(String name, String podSelector, String types, String rules) {
        return "kind: NetworkPolicy\nmetadata: {name: " + name + ", namespace: shop}\nspec:\n  podSelector: " + podSelector + "\n"
                + (types == null ? "" : "  policyTypes: " + types + "\n") + "  " + rules + "\n";
    }

    private static JsonNode yaml(String text) {
        try {
            return new YAMLMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
