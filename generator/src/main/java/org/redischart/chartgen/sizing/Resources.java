package org.redischart.chartgen.sizing;

/**
 * The sized container: Kubernetes requests and limits, and Redis {@code maxmemory}, which is the
 * memory request so that the margin up to the limit absorbs fork copy-on-write, fragmentation
 * and client buffers.
 */
public record Resources(Figures requests, Figures limits) {
    public Resources {
        if (requests.cpu().compareTo(limits.cpu()) > 0 || requests.memory().compareTo(limits.memory()) > 0) {
            throw new IllegalArgumentException("requests " + requests + " exceed limits " + limits);
        }
    }

    public MemoryQuantity maxmemory() {
        return requests.memory();
    }

    /** The {@code maxmemory} line's value for redis.conf, e.g. {@code 128mb}. */
    public String redisMaxmemory() {
        return maxmemory().redisForm();
    }
}
