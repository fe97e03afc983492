package org.redischart.chartgen.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import redis.clients.jedis.Jedis;

/** Keys written once and looked for after every cluster operation; values are unique per run. */
record Dataset(Map<String, String> entries) {

    static Dataset of(String prefix, int size) {
        String run = UUID.randomUUID().toString();
        Map<String, String> entries = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            entries.put("e2e:" + prefix + ":" + i, run + ":" + i);
        }
        return new Dataset(Map.copyOf(entries));
    }

    void writeTo(Jedis redis) {
        entries.forEach((key, value) -> {
            String reply = redis.set(key, value);
            if (!"OK".equals(reply)) {
                throw new AssertionError("SET " + key + " answered " + reply);
            }
        });
    }

    /** Keys whose value is missing or different, as "key=found", in key order; empty when all are there. */
    List<String> missingIn(Function<String, String> get) {
        List<String> missing = new ArrayList<>();
        new TreeMap<>(entries).forEach((key, value) -> {
            String found = get.apply(key);
            if (!value.equals(found)) {
                missing.add(key + "=" + found);
            }
        });
        return missing;
    }

    int size() {
        return entries.size();
    }
}
