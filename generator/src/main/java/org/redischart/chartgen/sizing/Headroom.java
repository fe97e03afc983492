package org.redischart.chartgen.sizing;

import org.redischart.chartgen.input.InvalidInputException;

/**
 * The headroom rule: Redis' {@code maxmemory} is at most {@code percent} % of the memory limit,
 * rounded down to whole mebibytes, so that allocator fragmentation, client and replication
 * buffers and the fork of BGSAVE/AOF rewrite fit under the limit (docs/sizing.md has the
 * measurement). With α > 0 the request is usually lower and wins.
 */
public record Headroom(int percent) {
    /** The chart's default; the schema's resources.maxmemoryPercent default must equal it. */
    public static final int DEFAULT_PERCENT = 50;
    public static final int MIN_PERCENT = 10;
    public static final int MAX_PERCENT = 90;
    public static final Headroom DEFAULT = new Headroom(DEFAULT_PERCENT);

    public Headroom {
        if (percent < MIN_PERCENT || percent > MAX_PERCENT) {
            throw new IllegalArgumentException("maxmemory percent must be " + MIN_PERCENT + ".." + MAX_PERCENT
                    + ", found " + percent);
        }
    }

    /**
     * @param value an integral Number or a string of digits, as read from YAML or --set
     * @throws InvalidInputException unless an integer from 10 to 90
     */
    public static Headroom parse(String path, Object value) {
        String text = WrittenNumber.text(value);
        if (text.matches("[0-9]{1,3}(\\.0+)?")) {
            int percent = Integer.parseInt(text.replaceFirst("\\..*", ""));
            if (percent >= MIN_PERCENT && percent <= MAX_PERCENT) {
                return new Headroom(percent);
            }
        }
        throw new InvalidInputException(path + ": expected an integer from " + MIN_PERCENT + " to " + MAX_PERCENT
                + " (percent of the memory limit), found \"" + text + "\"");
    }

    /** min(request, limit × percent / 100), in whole Mi rounded down, and at least 1Mi (0 would mean no limit). */
    public MemoryQuantity maxmemory(MemoryQuantity request, MemoryQuantity limit) {
        long cap = Math.max(1, limit.mebibytes() * percent / 100);
        return MemoryQuantity.ofMebibytes(Math.min(request.mebibytes(), cap));
    }
}
