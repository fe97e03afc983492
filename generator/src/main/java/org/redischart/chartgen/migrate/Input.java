package org.redischart.chartgen.migrate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The other chart's values as its chart sees them: the user's file over the defaults that
 * change behaviour, and the architecture they add up to in this chart.
 *
 * @param values the merged values
 * @param architecture this chart's architecture (standalone, replication or sentinel)
 */
public record Input(JsonNode values, String architecture) {
    public JsonNode at(String dotted) {
        return values.at("/" + dotted.replace('.', '/'));
    }

    public boolean sentinel() {
        return "sentinel".equals(architecture);
    }

    public boolean standalone() {
        return "standalone".equals(architecture);
    }
}
