package org.redischart.chartgen.migrate;

import static org.redischart.chartgen.migrate.Rule.convert;
import static org.redischart.chartgen.migrate.Rule.copy;
import static org.redischart.chartgen.migrate.Rule.none;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The bitnami/redis → this chart mapping, one rule per bitnami value (or subtree). The
 * README's "Coming from bitnami/redis" table is generated from this list.
 */
public final class BitnamiRules {
    private static final String IMAGE = "this chart runs the official images (bitnami's images are not published "
            + "for free any more, and their layout differs)";

    private BitnamiRules() {
    }

    /**
     * Every rule, in the order the README lists them.
     *
     * @param targets the redis.conf directives with a value of their own in the target chart
     */
    public static List<Rule> all(ConfTargets targets) {
        List<Rule> rules = new ArrayList<>(top());
        rules.add(ConfigRules.common(targets));
        rules.addAll(PodRules.of("master"));
        rules.add(convert("master.persistence.existingClaim", "persistence.existingClaim",
                "standalone: same claim; replication/sentinel: reported with the claim names to rename to",
                (value, input) -> input.standalone() ? List.of(Result.set("persistence.existingClaim", value))
                        : List.of(Result.missing("with architecture " + input.architecture() + " the StatefulSets use "
                                + "one claim per pod, named " + ClaimNames.of(input).get(0).ours() + " and so on",
                                "move the data as in the chart README, Coming from bitnami/redis, Keeping the data"))));
        rules.addAll(PodRules.of("replica"));
        rules.add(convert("replica.replicaCount", "replica.replicaCount", "replicas beside the primary; with sentinel "
                + "bitnami counts every node, so one less", (value, input) -> List.of(Result.set("replica.replicaCount",
                        IntNode.valueOf(Math.max(1, value.asInt() - (input.sentinel() ? 1 : 0)))))));
        rules.addAll(List.of(
                none("replica.autoscaling", "the replica count is fixed (each replica holds a full copy)", "set replica.replicaCount"),
                none("replica.externalMaster", "replicas follow the release's own primary", "leave it out"),
                none("replica.persistence.existingClaim", "each pod has its own claim", "see Keeping the data in the chart README")));
        rules.addAll(SentinelRules.all());
        rules.addAll(observability());
        return rules;
    }

    private static List<Rule> top() {
        return List.of(
                convert("architecture", "architecture", "standalone → standalone; replication → replication, or "
                        + "sentinel when sentinel.enabled", (value, input) -> List.of(Result.set("architecture",
                                TextNode.valueOf(input.architecture())))),
                copy("nameOverride", "nameOverride"),
                copy("fullnameOverride", "fullnameOverride"),
                copy("commonLabels", "commonLabels"),
                copy("commonAnnotations", "commonAnnotations"),
                copy("clusterDomain", "clusterDomain"),
                none("namespaceOverride", "objects go to the release namespace", "install with --namespace"),
                none("kubeVersion", "Helm's own capabilities are used", "leave it out"),
                none("extraDeploy", "not supported", "keep those objects in a chart or kustomization of your own"),
                none("diagnosticMode", "bitnami's debug mode", "leave it out"),
                none("useHostnames", "pods always announce their stable DNS names", "leave it out"),
                none("nameResolutionThreshold", "bitnami's start-up scripts", "leave it out"),
                none("nameResolutionTimeout", "bitnami's start-up scripts", "leave it out"),
                none("secretAnnotations", "not configurable", "use commonAnnotations"),
                none("existingConfigmap", "redis.conf is generated from the values", "move its lines to redis.* and redis.extraConfig"),
                none("serviceBindings", "no service-binding Secret", "read the client settings from the ConfigMap (redis-url)"),
                none("volumePermissions", "no root init container is needed: fsGroup and fsGroupChangePolicy re-group the data",
                        "leave it out (chart README, Keeping the data)"),
                none("sysctl", "no privileged init container by default", "use sysctls for namespaced sysctls"),
                none("kubectl", "no kubectl image is used", "leave it out"),
                none("rbac", "Redis never talks to the Kubernetes API, so no Role is created", "leave it out"),
                none("podSecurityPolicy", "PodSecurityPolicy is gone from Kubernetes", "leave it out"),
                none("useExternalDNS", "not supported", "annotate the Service through service.annotations"),
                convert("image", null, IMAGE + "; to use your registry, mirror docker.io/library/redis (bitnami/valkey: "
                        + "docker.io/valkey/valkey) and set image.registry; bitnami/valkey values set engine=valkey",
                        (value, input) -> List.of(Result.missing(IMAGE, "to use your registry, mirror " + (input.valkey()
                                ? "docker.io/valkey/valkey" : "docker.io/library/redis") + " and set image.registry"))),
                convert("image.pullSecrets", "imagePullSecrets", "[{name}]", Converters.pullSecrets("imagePullSecrets")),
                copy("auth.enabled", "auth.enabled"),
                copy("auth.password", "auth.password"),
                copy("auth.existingSecret", "auth.existingSecret"),
                copy("auth.existingSecretPasswordKey", "auth.existingSecretPasswordKey"),
                convert("auth.sentinel", "sentinel.auth.enabled", "true → nothing to set: Sentinel takes the Redis password, "
                        + "as in bitnami (sentinel.auth.enabled gives it one of its own)",
                        Converters.onlyIf("true", "with auth on, Sentinel always requires a password here",
                                "leave it out; sentinel.auth.enabled gives Sentinel a password of its own")),
                none("auth.usePasswordFiles", "Redis and Sentinel always read their passwords from the mounted Secret's files here",
                        "leave it out"),
                none("auth.usePasswordFileFromSecret", "as auth.usePasswordFiles", "leave it out"),
                convert("auth.acl.enabled", "acl.users", "nothing to set: ACLs are on when acl.users lists users",
                        (value, input) -> List.of()),
                convert("auth.acl.users", "acl.users", "{username, enabled, commands, keys, channels} → {name, rules}",
                        Converters.aclUsers()),
                none("auth.acl.userSecret", "ACL passwords have their own Secret layout here", "see acl.* in the chart README"),
                copy("global.imageRegistry", "global.imageRegistry"),
                convert("global.imagePullSecrets", "global.imagePullSecrets", "[{name}]", Converters.pullSecrets("global.imagePullSecrets")),
                copy("global.storageClass", "global.storageClass"),
                copy("global.defaultStorageClass", "global.storageClass"),
                copy("global.redis.password", "auth.password"),
                copy("global.compatibility.openshift.adaptSecurityContext", "global.compatibility.openshift.adaptSecurityContext"),
                none("global.security", "bitnami's image verification switch", "leave it out"),
                copy("tls.enabled", "tls.enabled"),
                copy("tls.authClients", "tls.authClients"),
                copy("tls.existingSecret", "tls.existingSecret"),
                copy("tls.certificatesSecret", "tls.existingSecret"),
                copy("tls.certFilename", "tls.certFilename"),
                copy("tls.certKeyFilename", "tls.certKeyFilename"),
                copy("tls.certCAFilename", "tls.certCAFilename"),
                none("tls.autoGenerated", "no self-signed certificates are generated", "issue them with cert-manager and set tls.existingSecret"),
                none("tls.dhParamsFilename", "not configurable", "leave it out"),
                copy("pdb.create", "podDisruptionBudget.enabled"),
                convert("pdb.maxUnavailable", "podDisruptionBudget.maxUnavailable", "whole numbers only",
                        Converters.wholeNumber("podDisruptionBudget.maxUnavailable", "set podDisruptionBudget.maxUnavailable to a number of pods")),
                none("pdb.minAvailable", "the budget is expressed as maxUnavailable", "set podDisruptionBudget.maxUnavailable"),
                copy("serviceAccount.create", "serviceAccount.create"),
                copy("serviceAccount.name", "serviceAccount.name"),
                copy("serviceAccount.annotations", "serviceAccount.annotations"),
                none("serviceAccount.automountServiceAccountToken", "no token is ever mounted", "leave it out"));
    }

    private static List<Rule> observability() {
        String m = "metrics.";
        return List.of(
                copy("networkPolicy.enabled", "networkPolicy.enabled"),
                copy("networkPolicy.allowExternal", "networkPolicy.allowExternal"),
                convert("networkPolicy.ingressNSMatchLabels", "networkPolicy.extraIngressNamespaceSelectors",
                        "[{matchLabels}]", Converters.namespaceSelector("networkPolicy.extraIngressNamespaceSelectors")),
                none("networkPolicy.ingressNSPodMatchLabels", "pods of other namespaces are admitted by namespace only",
                        "label the client pods `<fullname>-client: \"true\"`"),
                none("networkPolicy.allowExternalEgress", "egress is limited to DNS and the release's peers", "leave it out"),
                none("networkPolicy.extraIngress", "no extra rules", "add a NetworkPolicy of your own (policies add up)"),
                none("networkPolicy.extraEgress", "no extra rules", "add a NetworkPolicy of your own (policies add up)"),
                copy("networkPolicy.metrics.ingressNSMatchLabels", "networkPolicy.metricsNamespaceSelector"),
                copy("networkPolicy.metrics.ingressNSPodMatchLabels", "networkPolicy.metricsPodSelector"),
                none("networkPolicy.metrics.allowExternal", "the exporter port admits the metrics selectors only",
                        "set networkPolicy.metricsPodSelector: null to admit every pod"),
                copy(m + "enabled", m + "enabled"),
                none(m + "image", IMAGE, "the chart runs oliver006/redis_exporter; set metrics.image.registry for a mirror"),
                copy(m + "containerPorts.http", m + "port"),
                convert(m + "resourcesPreset", m + "resources", "bitnami's preset figures as explicit requests/limits",
                        Converters.preset(m + "resources")),
                convert(m + "resources", m + "resources", "cpu and memory as explicit requests/limits", Converters.resources(m + "resources")),
                copy(m + "service.port", m + "service.port"),
                copy(m + "service.ports.http", m + "service.port"),
                copy(m + "service.annotations", m + "service.annotations"),
                copy(m + "service.labels", m + "service.labels"),
                none(m + "service.type", "the metrics Service is a ClusterIP Service", "leave it out"),
                none(m + "extraArgs", "the exporter's arguments are the chart's", "leave it out"),
                none(m + "extraEnvVars", "the exporter's environment is the chart's", "leave it out"),
                none(m + "podLabels", "the exporter runs in the Redis pods", "use podLabels"),
                none(m + "podAnnotations", "the exporter runs in the Redis pods", "use podAnnotations or metrics.service.prometheusAnnotations"),
                copy(m + "serviceMonitor.enabled", m + "serviceMonitor.enabled"),
                copy(m + "serviceMonitor.namespace", m + "serviceMonitor.namespace"),
                copy(m + "serviceMonitor.interval", m + "serviceMonitor.interval"),
                copy(m + "serviceMonitor.scrapeTimeout", m + "serviceMonitor.scrapeTimeout"),
                copy(m + "serviceMonitor.honorLabels", m + "serviceMonitor.honorLabels"),
                copy(m + "serviceMonitor.relabelings", m + "serviceMonitor.relabelings"),
                copy(m + "serviceMonitor.metricRelabelings", m + "serviceMonitor.metricRelabelings"),
                copy(m + "serviceMonitor.additionalLabels", m + "serviceMonitor.additionalLabels"),
                copy(m + "podMonitor.enabled", m + "podMonitor.enabled"),
                copy(m + "podMonitor.namespace", m + "podMonitor.namespace"),
                copy(m + "podMonitor.interval", m + "podMonitor.interval"),
                copy(m + "podMonitor.scrapeTimeout", m + "podMonitor.scrapeTimeout"),
                copy(m + "podMonitor.honorLabels", m + "podMonitor.honorLabels"),
                copy(m + "podMonitor.relabelings", m + "podMonitor.relabelings"),
                copy(m + "podMonitor.metricRelabelings", m + "podMonitor.metricRelabelings"),
                copy(m + "podMonitor.additionalLabels", m + "podMonitor.additionalLabels"),
                copy(m + "prometheusRule.enabled", m + "prometheusRule.enabled"),
                copy(m + "prometheusRule.namespace", m + "prometheusRule.namespace"),
                copy(m + "prometheusRule.additionalLabels", m + "prometheusRule.additionalLabels"),
                none(m + "prometheusRule.rules", "the chart ships its own alert set (chart README, Alerts)",
                        "tune metrics.prometheusRule.alerts.*; keep other rules in a PrometheusRule of your own"));
    }
}
