package org.redischart.chartgen.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * The PersistentVolumeClaims bitnami/redis created and the names this chart's StatefulSets
 * expect for the same pods ({@code <fullname>} is the same in both charts when nameOverride
 * and fullnameOverride are carried over, which the migration does).
 */
public record ClaimNames(String bitnami, String ours) {
    /** Old and new claim names per pod; standalone reuses its claim through persistence.existingClaim. */
    public static List<ClaimNames> of(Input input) {
        List<ClaimNames> claims = new ArrayList<>();
        int replicas = Math.max(1, input.at("replica.replicaCount").asInt(3));
        // bitnami/valkey names its volume valkey-data and its primary StatefulSet <fullname>-primary.
        String data = input.valkey() ? "valkey-data-<fullname>-" : "redis-data-<fullname>-";
        String primary = data + (input.valkey() ? "primary-0" : "master-0");
        switch (input.architecture()) {
            case "standalone" -> claims.add(new ClaimNames(primary, primary));
            case "sentinel" -> {
                for (int i = 0; i < replicas; i++) {
                    claims.add(new ClaimNames(data + "node-" + i, "data-<fullname>-node-" + i));
                }
            }
            default -> {
                claims.add(new ClaimNames(primary, "data-<fullname>-primary-0"));
                for (int i = 0; i < replicas; i++) {
                    claims.add(new ClaimNames(data + "replicas-" + i, "data-<fullname>-replica-" + i));
                }
            }
        }
        return claims;
    }
}
