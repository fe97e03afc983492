package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.List;

/**
 * Without persistence this chart refuses claim settings and the AOF (there is no volume to
 * keep them): bitnami wrote them to an emptyDir that a restart loses anyway, so they are
 * reported instead of carried.
 */
final class PersistenceOff {
    private static final List<String> NEED_CLAIM = List.of("persistence.storageClass", "persistence.size",
            "persistence.accessModes", "persistence.annotations", "persistence.retentionPolicy.whenScaled",
            "persistence.retentionPolicy.whenDeleted", "persistence.subPath", "persistence.selector",
            "persistence.dataSource", "persistence.existingClaim");

    void apply(Migrator.Collector out) {
        Migration.Assigned enabled = out.values.get("persistence.enabled");
        if (enabled == null || enabled.value().asBoolean(true)) {
            return;
        }
        for (String target : NEED_CLAIM) {
            Migration.Assigned dropped = out.values.remove(target);
            if (dropped != null) {
                out.note(String.join(", ", dropped.sources()), "persistence is off, so there is no claim to configure",
                        "leave it out, or turn persistence on");
            }
        }
        Migration.Assigned aof = out.values.get("redis.appendonly");
        if (aof != null && aof.value().asBoolean()) {
            out.note(String.join(", ", aof.sources()), "the AOF needs persistence in this chart (bitnami kept it on an "
                    + "emptyDir, lost with the pod)", "leave it off, or turn persistence on");
        }
        if (aof == null || aof.value().asBoolean()) {
            out.values.put("redis.appendonly", new Migration.Assigned(BooleanNode.FALSE,
                    new java.util.ArrayList<>(List.of(String.join(", ", enabled.sources()) + ": no AOF without persistence"))));
        }
    }
}
