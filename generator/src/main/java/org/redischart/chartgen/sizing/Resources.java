package org.redischart.chartgen.sizing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sized container: Kubernetes requests and limits, and Redis {@code maxmemory}: the memory
 * request, capped by the {@link Headroom} rule, so that the margin up to the limit absorbs fork
 * copy-on-write, fragmentation and client buffers even when requests equal limits.
 */
public record Resources(Figures requests, Figures limits, MemoryQuantity maxmemory) {
    public Resources {
        if (requests.cpu().compareTo(limits.cpu()) > 0 || requests.memory().compareTo(limits.memory()) > 0) {
            throw new IllegalArgumentException("requests " + requests + " exceed limits " + limits);
        }
    }

    /** With the default headroom. */
    public Resources(Figures requests, Figures limits) {
        this(requests, limits, Headroom.DEFAULT.maxmemory(requests.memory(), limits.memory()));
    }

    public Resources withHeadroom(Headroom headroom) {
        return new Resources(requests, limits, headroom.maxmemory(requests.memory(), limits.memory()));
    }

    /** The {@code maxmemory} line's value for redis.conf, e.g. {@code 128mb}. */
    public String redisMaxmemory() {
        return maxmemory().redisForm();
    }

    /** requests, limits and maxmemory in canonical spellings, ordered for printing as YAML or JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("requests", figures(requests));
        map.put("limits", figures(limits));
        map.put("maxmemory", redisMaxmemory());
        return map;
    }

    private static Map<String, String> figures(Figures f) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("cpu", f.cpu().toString());
        map.put("memory", f.memory().toString());
        return map;
    }
}
