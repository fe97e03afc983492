package org.redischart.chartgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;

/** What `helm install` prints (NOTES.txt): how to connect, never the password. */
class NotesTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    private static String notes(Map<String, Object> sets) {
        InstallCommand install = new Helm(RepoLayout.chart()).install().withName("notes")
                .withNamespace(HelmRenderer.NAMESPACE).withKubeVersion(HelmRenderer.KUBE_VERSION)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            install = install.set(set.getKey(), set.getValue());
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    @Test
    void defaultsSayWhereToConnectHowToReadThePasswordAndWhichLabelClientsNeed() {
        String notes = notes(Map.of("auth.password", "never-printed-4711"));

        assertThat(notes)
                .contains("redis://notes-redis:6379")
                .contains("kubectl get secret --namespace default notes-redis -o jsonpath=\"{.data.redis-password}\"")
                .contains("notes-redis-client: \"true\"")
                .contains("helm test notes")
                .doesNotContain("never-printed-4711");
    }

    @Test
    void aNodePortOrLoadBalancerServiceIsToldThatThePolicyDropsOutsideTraffic() {
        assertThat(notes(Map.of("service.type", "NodePort")))
                .contains("A Service here is of type NodePort, but the NetworkPolicy admits")
                .contains("networkPolicy.allowExternal=true");
        assertThat(notes(Map.of("architecture", "sentinel", "sentinel.service.type", "LoadBalancer")))
                .contains("of type LoadBalancer");
        assertThat(notes(Map.of("service.type", "NodePort", "networkPolicy.allowExternal", true)))
                .doesNotContain("A Service here is of type");
        assertThat(notes(Map.of())).doesNotContain("A Service here is of type");
    }

    @Test
    void metricsWithoutANamespaceSelectorSayWhoCanScrape() {
        assertThat(notes(Map.of("metrics.enabled", true)))
                .contains("The exporter port (9121) admits pods labelled app.kubernetes.io/name=prometheus in every namespace")
                .contains("networkPolicy.metricsNamespaceSelector");
        assertThat(notes(Map.of("metrics.enabled", true, "networkPolicy.metricsNamespaceSelector.team", "monitoring")))
                .doesNotContain("The exporter port");
    }

    @Test
    void authOffIsAWarning() {
        assertThat(notes(Map.of("auth.enabled", false))).contains("WARNING: authentication is off");
    }

    @Test
    void sentinelClientsAreSentToSentinel() {
        assertThat(notes(Map.of("architecture", "sentinel")))
                .contains("notes-redis-sentinel.default.svc, port 26379")
                .contains("\"mymaster\"")
                .contains("kubectl exec --namespace default notes-redis-node-0 -c redis -- redis-cli -p 26379 SENTINEL get-master-addr-by-name mymaster");
    }

    /**
     * With the default user off, a plain {@code redis-cli} in a pod gets NOAUTH: the pod
     * commands go through REDIS_CLI_ARGS (--user chart-internal, as the probes log in), and a
     * client from outside is told to pick one of acl.users.
     */
    @Test
    void withTheDefaultUserOffPodCommandsLogInAsTheChartsUserAndOthersAreToldToPickAUser() {
        Map<String, Object> aclOff = Map.of("acl.defaultUser.enabled", false, "acl.users[0].name", "app",
                "acl.users[0].rules", "+@all ~*", "acl.users[0].password", "app-secret-1");

        Map<String, Object> sentinel = new java.util.HashMap<>(aclOff);
        sentinel.put("architecture", "sentinel");
        assertThat(notes(sentinel))
                .contains("-c redis -- sh -c 'redis-cli $REDIS_CLI_ARGS \"$@\"' redis-cli -p 26379 SENTINEL get-master-addr-by-name mymaster")
                .contains("sh -c 'redis-cli $REDIS_CLI_ARGS -h \"$(redis-cli $REDIS_CLI_ARGS -p 26379 SENTINEL")
                .contains("add --user with one of acl.users, app for instance")
                .doesNotContain("app-secret-1");
        assertThat(notes(Map.of("architecture", "sentinel")))
                .as("with the default user on, the plain form").contains("-c redis -- redis-cli -p 26379 SENTINEL")
                .doesNotContain("acl.users");
    }

    @Test
    void sentinelWithHaproxyOffersTheWriteServiceToo() {
        assertThat(notes(Map.of("architecture", "sentinel", "haproxy.readOnly.enabled", true)))
                .contains("through HAProxy")
                .contains("redis://notes-redis:6379")
                .contains("notes-redis-replicas.default.svc, port 6379")
                .contains("kubectl port-forward --namespace default svc/notes-redis 6379:6379")
                .contains("notes-redis-sentinel.default.svc, port 26379");
        assertThat(notes(Map.of("architecture", "sentinel", "haproxy.enabled", false)))
                .doesNotContain("HAProxy").doesNotContain("redis://notes-redis:6379");
    }

    @Test
    void clusterClientsAreToldToBeClusterAwareAndHowToScale() {
        String notes = notes(Map.of("architecture", "cluster"));
        assertThat(notes)
                .contains("Architecture cluster: 3 shards, each a primary with 1 replica(s), 6 pods")
                .contains("Clients must be cluster-aware")
                .contains("--set cluster.shards=4")
                .contains("redis-cli -c -p 6379 SET key value")
                .doesNotContain("kubectl port-forward");
    }

    @Test
    void openNetworkPolicyAsksForNoLabel() {
        assertThat(notes(Map.of("networkPolicy.allowExternal", true))).doesNotContain("-client: \"true\"");
    }
}
