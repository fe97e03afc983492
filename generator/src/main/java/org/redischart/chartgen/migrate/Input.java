package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The other chart's values as its chart sees them: the user's file over the defaults that
 * change behaviour, and the architecture they add up to in this chart.
 *
 * @param values the merged values (bitnami/valkey's with bitnami/redis's key names)
 * @param architecture this chart's architecture (standalone, replication or sentinel)
 * @param engine redis, or valkey for bitnami/valkey values
 */
public record Input(JsonNode values, String architecture, String engine) {
    public JsonNode at(String dotted) {
        return values.at("/" + dotted.replace('.', '/'));
    }

    public boolean sentinel() {
        return "sentinel".equals(architecture);
    }

    public boolean valkey() {
        return "valkey".equals(engine);
    }

    public boolean standalone() {
        return "standalone".equals(architecture);
    }
}
