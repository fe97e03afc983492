package org.redischart.chartgen.sizing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Pattern;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * A memory size in whole mebibytes, the canonical form of every memory figure ({@code 256Mi}).
 * Parsing rounds up to the next whole Mi, so a figure never shrinks below what was asked for.
 */
public record MemoryQuantity(long mebibytes) implements Comparable<MemoryQuantity> {
    public static final long MAX_MEBIBYTES = 4L * 1024 * 1024; // 4Ti
    static final String EXPECTED = "a Kubernetes memory quantity such as 256Mi or 1.5Gi";

    /** The accepted syntax; _sizing.tpl and the values schema carry this exact regex. */
    public static final String SYNTAX = WrittenNumber.syntax("Ki|Mi|Gi|Ti|k|M|G|T");
    private static final Pattern PATTERN = Pattern.compile(SYNTAX);
    private static final BigDecimal MEBIBYTE = BigDecimal.valueOf(1024L * 1024);
    private static final Map<String, BigDecimal> BYTES_PER_UNIT = Map.of(
            "", BigDecimal.ONE,
            "k", BigDecimal.TEN.pow(3), "M", BigDecimal.TEN.pow(6),
            "G", BigDecimal.TEN.pow(9), "T", BigDecimal.TEN.pow(12),
            "Ki", BigDecimal.valueOf(1024), "Mi", MEBIBYTE,
            "Gi", MEBIBYTE.multiply(BigDecimal.valueOf(1024)),
            "Ti", MEBIBYTE.multiply(MEBIBYTE));

    public MemoryQuantity {
        if (mebibytes < 1 || mebibytes > MAX_MEBIBYTES) {
            throw new IllegalArgumentException("memory must be 1Mi..4Ti, found " + mebibytes + "Mi");
        }
    }

    public static MemoryQuantity ofMebibytes(long mebibytes) {
        return new MemoryQuantity(mebibytes);
    }

    /**
     * Parses {@code 256Mi}, {@code 1.5Gi}, {@code 512M}, {@code 268435456}, {@code 129e6} ...
     *
     * @param path where the value came from, for the error message ({@code resources.required.memory})
     * @param value a String or a Number as read from YAML
     * @throws InvalidInputException naming path, what was expected and what was found
     */
    public static MemoryQuantity parse(String path, Object value) {
        String text = WrittenNumber.text(value);
        WrittenNumber n = WrittenNumber.parse(path, text, PATTERN, EXPECTED);
        BigDecimal mebibytes = n.value().multiply(BYTES_PER_UNIT.get(n.suffix()))
                .divide(MEBIBYTE, 0, RoundingMode.CEILING);
        if (mebibytes.compareTo(BigDecimal.valueOf(MAX_MEBIBYTES)) > 0) {
            throw new InvalidInputException(path + ": must be at most 4Ti, found \"" + text + "\"");
        }
        return new MemoryQuantity(mebibytes.longValueExact());
    }

    /** The Redis {@code maxmemory} spelling of this size: Redis reads {@code mb} as 1024*1024 bytes. */
    public String redisForm() {
        return mebibytes + "mb";
    }

    @Override
    public int compareTo(MemoryQuantity other) {
        return Long.compare(mebibytes, other.mebibytes);
    }

    @Override
    public String toString() {
        return mebibytes + "Mi";
    }
}
