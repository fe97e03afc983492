package org.redischart.chartgen.sizing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * A CPU amount in whole millicores, the canonical form of every CPU figure ({@code 250m}).
 * Parsing rounds up to the next millicore, the finest CPU precision Kubernetes accepts.
 */
public record CpuQuantity(long millicores) implements Comparable<CpuQuantity> {
    public static final long MAX_MILLICORES = 1024L * 1000; // 1024 cores
    static final String EXPECTED = "a Kubernetes CPU quantity such as 250m or 0.5";

    /** The accepted syntax; _sizing.tpl and the values schema carry this exact regex. */
    public static final String SYNTAX = WrittenNumber.syntax("m");
    private static final Pattern PATTERN = Pattern.compile(SYNTAX);

    public CpuQuantity {
        if (millicores < 1 || millicores > MAX_MILLICORES) {
            throw new IllegalArgumentException("cpu must be 1m..1024 cores, found " + millicores + "m");
        }
    }

    public static CpuQuantity ofMillicores(long millicores) {
        return new CpuQuantity(millicores);
    }

    /**
     * Parses {@code 250m}, {@code 0.5}, {@code 2}, {@code 1e-3}, {@code 2.5e+02m} ...
     *
     * @param path where the value came from, for the error message ({@code resources.required.cpu})
     * @param value a String or a Number as read from YAML
     * @throws InvalidInputException naming path, what was expected and what was found
     */
    public static CpuQuantity parse(String path, Object value) {
        String text = WrittenNumber.text(value);
        WrittenNumber n = WrittenNumber.parse(path, text, PATTERN, EXPECTED);
        BigDecimal millicores = n.suffix().equals("m") ? n.value() : n.value().scaleByPowerOfTen(3);
        millicores = millicores.setScale(0, RoundingMode.CEILING);
        if (millicores.compareTo(BigDecimal.valueOf(MAX_MILLICORES)) > 0) {
            throw new InvalidInputException(path + ": must be at most 1024 cores, found \"" + text + "\"");
        }
        return new CpuQuantity(millicores.longValueExact());
    }

    @Override
    public int compareTo(CpuQuantity other) {
        return Long.compare(millicores, other.millicores);
    }

    @Override
    public String toString() {
        return millicores + "m";
    }
}
