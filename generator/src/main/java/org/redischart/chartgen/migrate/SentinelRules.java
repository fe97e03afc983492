package org.redischart.chartgen.migrate;

import static org.redischart.chartgen.migrate.Rule.copy;
import static org.redischart.chartgen.migrate.Rule.none;

import java.util.List;

/** bitnami's {@code sentinel.*}: the same Sentinel settings, the same password as Redis. */
final class SentinelRules {
    private SentinelRules() {
    }

    static List<Rule> all() {
        String s = "sentinel.";
        return List.of(
                Rule.convert(s + "enabled", "architecture", "true makes architecture sentinel", (v, in) -> List.of()),
                copy(s + "masterSet", s + "masterSet"),
                copy(s + "quorum", s + "quorum"),
                copy(s + "downAfterMilliseconds", s + "downAfterMilliseconds"),
                copy(s + "failoverTimeout", s + "failoverTimeout"),
                copy(s + "parallelSyncs", s + "parallelSyncs"),
                copy(s + "containerPorts.sentinel", s + "port"),
                Rule.convert(s + "resources", s + "resources", "cpu and memory as sentinel.resources.requests/limits",
                        Converters.textFigures(s + "resources")),
                none(s + "resourcesPreset", "Sentinel has fixed small requests and limits", "set sentinel.resources"),
                none(s + "image", "this chart runs Sentinel from the Redis image", "leave it out"),
                none(s + "persistence", "Sentinel's state lives on the Redis pod's claim", "leave it out"),
                none(s + "getMasterTimeout", "a starting node waits for the primary the Sentinels name",
                        "tune sentinel.primaryWaitSeconds"),
                none(s + "automateClusterRecovery", "a cold start resumes the last primary by itself", "leave it out"),
                none(s + "redisShutdownWaitFailover", "the primary always hands over before it stops",
                        "tune sentinel.handover.*"),
                none(s + "configuration", "sentinel.conf is generated", "use the sentinel.* values"),
                none(s + "terminationGracePeriodSeconds", "one grace period for the pod", "set terminationGracePeriodSeconds"),
                copy(s + "service.type", s + "service.type"),
                copy(s + "service.annotations", s + "service.annotations"),
                copy(s + "service.ports.sentinel", s + "port"),
                none(s + "service.ports.redis", "the Redis port is redis.port", "set redis.port"),
                none(s + "service.createMaster", "the Service <fullname> reaches the primary through HAProxy", "keep haproxy.enabled"),
                none(s + "masterService", "the Service <fullname> reaches the primary through HAProxy", "keep haproxy.enabled"));
    }
}
