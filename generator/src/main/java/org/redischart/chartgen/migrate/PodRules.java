package org.redischart.chartgen.migrate;

import static org.redischart.chartgen.migrate.Rule.convert;
import static org.redischart.chartgen.migrate.Rule.copy;
import static org.redischart.chartgen.migrate.Rule.none;

import java.util.ArrayList;
import java.util.List;

/**
 * bitnami's per-role pod settings ({@code master.*}, {@code replica.*}). This chart has one
 * set of Redis pod settings, so both roles map to the same values; where the two differ the
 * master's wins and the replica's is reported.
 */
final class PodRules {
    private static final String BITNAMI_SCRIPTS = "it runs bitnami's scripts (/opt/bitnami/...), which the official redis image does not have";
    private static final String UID = "the official redis image runs as uid 999; the chart's podSecurityContext (999, fsGroup 999) "
            + "re-groups the bitnami files on the claim (chart README, Coming from bitnami/redis)";

    private PodRules() {
    }

    /** The rules of one role, {@code role} being master or replica. */
    static List<Rule> of(String role) {
        String r = role + ".";
        List<Rule> rules = new ArrayList<>(List.of(
                convert(r + "configuration", "redis.*", "read with commonConfiguration, after it", ConfigRules.CONSUMED),
                convert(r + "extraFlags", "redis.*", "read with commonConfiguration, after " + role + ".configuration "
                        + "(`--maxmemory-policy allkeys-lru` is the line `maxmemory-policy allkeys-lru`)", ConfigRules.CONSUMED),
                convert(r + "disableCommands", "disableCommands", "same list", (v, in) -> List.of(Result.set("disableCommands", v))),
                none(r + "command", "the command override " + BITNAMI_SCRIPTS.substring(3), "rewrite it for the official image in `command`"),
                none(r + "args", "the args override is passed to bitnami's scripts", "rewrite it for the official image in `args`"),
                none(r + "preExecCmds", "the commands run by " + BITNAMI_SCRIPTS.substring(3), "use initContainers"),
                copy(r + "extraEnvVars", "extraEnv"),
                convert(r + "extraEnvVarsCM", "extraEnvFrom", "[{configMapRef: {name}}]", Converters.envFrom("configMapRef")),
                convert(r + "extraEnvVarsSecret", "extraEnvFrom", "[{secretRef: {name}}]", Converters.envFrom("secretRef")),
                copy(r + "containerPorts.redis", "redis.port"),
                convert(r + "resourcesPreset", "resources", "bitnami's preset figures as explicit resources.requests/limits "
                        + "(maxmemory then follows the margin model)", Converters.preset("resources")),
                convert(r + "resources", "resources", "cpu and memory as explicit resources.requests/limits", Converters.resources("resources")),
                none(r + "podSecurityContext.enabled", "the pod security context is always on (Pod Security Standards restricted)", "leave it out"),
                none(r + "podSecurityContext.fsGroup", UID, "leave it out"),
                none(r + "podSecurityContext.supplementalGroups", "the chart sets no supplemental groups", "leave it out"),
                copy(r + "podSecurityContext.fsGroupChangePolicy", "podSecurityContext.fsGroupChangePolicy"),
                copy(r + "podSecurityContext.sysctls", "sysctls"),
                none(r + "containerSecurityContext.enabled", "the container security context is always on", "leave it out"),
                none(r + "containerSecurityContext.runAsUser", UID, "leave it out"),
                none(r + "containerSecurityContext.runAsGroup", UID, "leave it out"),
                none(r + "containerSecurityContext.runAsNonRoot", "fixed to true", "leave it out"),
                none(r + "containerSecurityContext.allowPrivilegeEscalation", "fixed to false", "leave it out"),
                none(r + "containerSecurityContext.capabilities", "every capability is dropped", "leave it out"),
                none(r + "containerSecurityContext.seLinuxOptions", "not configurable", "leave it out (OpenShift: see global.compatibility)"),
                copy(r + "containerSecurityContext.readOnlyRootFilesystem", "containerSecurityContext.readOnlyRootFilesystem"),
                copy(r + "containerSecurityContext.seccompProfile.type", "podSecurityContext.seccompProfile"),
                convert(r + "kind", null, "only StatefulSet", Converters.onlyIf("StatefulSet", "Redis runs in a StatefulSet "
                        + "(a Deployment only with persistence off)", "leave it out")),
                copy(r + "schedulerName", "schedulerName"),
                copy(r + "updateStrategy", "updateStrategy"),
                copy(r + "podManagementPolicy", "podManagementPolicy"),
                none(r + "minReadySeconds", "not configurable", "leave it out: readiness already waits for the replica's sync"),
                none(r + "revisionHistoryLimit", "not configurable", "leave it out"),
                copy(r + "priorityClassName", "priorityClassName"),
                none(r + "automountServiceAccountToken", "no token is ever mounted (Redis never talks to the Kubernetes API)", "leave it out"),
                copy(r + "hostAliases", "hostAliases"),
                copy(r + "podLabels", "podLabels"),
                copy(r + "podAnnotations", "podAnnotations"),
                none(r + "shareProcessNamespace", "not configurable", "leave it out"),
                none(r + "podAffinityPreset", "not configurable", "use affinity.podAffinity"),
                convert(r + "podAntiAffinityPreset", "podAntiAffinityPreset", "soft/hard kept, \"\" becomes none",
                        Converters.antiAffinity("podAntiAffinityPreset")),
                none(r + "nodeAffinityPreset", "not configurable", "use affinity.nodeAffinity"),
                copy(r + "affinity", "affinity"),
                copy(r + "nodeSelector", "nodeSelector"),
                copy(r + "tolerations", "tolerations"),
                copy(r + "topologySpreadConstraints", "topologySpreadConstraints"),
                copy(r + "dnsPolicy", "dnsPolicy"),
                copy(r + "dnsConfig", "dnsConfig"),
                copy(r + "lifecycleHooks", "lifecycleHooks"),
                copy(r + "terminationGracePeriodSeconds", "terminationGracePeriodSeconds"),
                copy(r + "extraVolumes", "extraVolumes"),
                copy(r + "extraVolumeMounts", "extraVolumeMounts"),
                copy(r + "sidecars", "sidecars"),
                copy(r + "initContainers", "initContainers"),
                none(r + "enableServiceLinks", "service links are always off", "leave it out"),
                none(r + "count", "one primary per release", "leave it out"),
                none(r + "customStartupProbe", "probes are the chart's (authenticated PING)", "tune startupProbe.*"),
                none(r + "customLivenessProbe", "probes are the chart's (authenticated PING)", "tune livenessProbe.*"),
                none(r + "customReadinessProbe", "probes are the chart's (authenticated PING)", "tune readinessProbe.*"),
                none(r + "pdb.minAvailable", "the budget is expressed as maxUnavailable", "set podDisruptionBudget.maxUnavailable"),
                copy(r + "pdb.create", "podDisruptionBudget.enabled"),
                convert(r + "pdb.maxUnavailable", "podDisruptionBudget.maxUnavailable", "whole numbers only",
                        Converters.wholeNumber("podDisruptionBudget.maxUnavailable", "set podDisruptionBudget.maxUnavailable to a number of pods")),
                copy(r + "serviceAccount.create", "serviceAccount.create"),
                copy(r + "serviceAccount.name", "serviceAccount.name"),
                copy(r + "serviceAccount.annotations", "serviceAccount.annotations"),
                none(r + "serviceAccount.automountServiceAccountToken", "no token is ever mounted", "leave it out"),
                copy(r + "persistence.enabled", "persistence.enabled"),
                copy(r + "persistence.storageClass", "persistence.storageClass"),
                copy(r + "persistence.accessModes", "persistence.accessModes"),
                copy(r + "persistence.size", "persistence.size"),
                copy(r + "persistence.annotations", "persistence.annotations"),
                copy(r + "persistence.subPath", "persistence.subPath"),
                copy(r + "persistence.selector", "persistence.selector"),
                copy(r + "persistence.dataSource", "persistence.dataSource"),
                convert(r + "persistence.path", null, "only /data", Converters.onlyIf("/data", "Redis keeps its data at /data",
                        "leave it out; the claim's contents move unchanged")),
                none(r + "persistence.labels", "claim labels are the chart's", "leave it out"),
                none(r + "persistence.subPathExpr", "not configurable", "use persistence.subPath"),
                none(r + "persistence.medium", "the emptyDir used without persistence has the default medium", "leave it out"),
                none(r + "persistence.sizeLimit", "the emptyDir used without persistence has no size limit", "leave it out"),
                copy(r + "persistentVolumeClaimRetentionPolicy.whenScaled", "persistence.retentionPolicy.whenScaled"),
                copy(r + "persistentVolumeClaimRetentionPolicy.whenDeleted", "persistence.retentionPolicy.whenDeleted"),
                none(r + "persistentVolumeClaimRetentionPolicy.enabled", "the retention policy is always set", "leave it out")));
        rules.addAll(ProbeRules.of(r));
        rules.addAll(ServiceRules.of(role));
        return rules;
    }
}
