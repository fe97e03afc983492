package org.redischart.chartgen.migrate;

import static org.redischart.chartgen.migrate.Rule.copy;
import static org.redischart.chartgen.migrate.Rule.none;

import java.util.List;

/**
 * bitnami's Services. The master's Service is this chart's {@code service}; the replicas'
 * Service follows the same settings here, so {@code replica.service.*} is reported.
 */
final class ServiceRules {
    private ServiceRules() {
    }

    static List<Rule> of(String role) {
        String s = role + ".service.";
        if (!"master".equals(role)) {
            return List.of(none(role + ".service", "the replicas' Service `<fullname>-replicas` takes the "
                    + "settings of service.*", "move what you need to service.*"));
        }
        return List.of(
                copy(s + "type", "service.type"),
                copy(s + "ports.redis", "service.port"),
                copy(s + "nodePorts.redis", "service.nodePort"),
                copy(s + "annotations", "service.annotations"),
                copy(s + "labels", "service.labels"),
                copy(s + "loadBalancerIP", "service.loadBalancerIP"),
                copy(s + "loadBalancerSourceRanges", "service.loadBalancerSourceRanges"),
                copy(s + "externalTrafficPolicy", "service.externalTrafficPolicy"),
                copy(s + "internalTrafficPolicy", "service.internalTrafficPolicy"),
                copy(s + "sessionAffinity", "service.sessionAffinity"),
                none(s + "sessionAffinityConfig", "the session affinity timeout is Kubernetes' default", "leave it out"),
                none(s + "loadBalancerClass", "not configurable", "annotate the Service through service.annotations if your load balancer reads one"),
                none(s + "portNames", "port names are the chart's (redis)", "leave it out"),
                none(s + "extraPorts", "the Service has the Redis port only", "leave it out"),
                none(s + "clusterIP", "the Service's cluster IP is assigned by Kubernetes", "leave it out"),
                none(s + "externalIPs", "not configurable", "use service.type LoadBalancer or NodePort"));
    }
}
