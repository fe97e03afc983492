package org.redischart.chartgen.testing;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads directives out of a rendered redis.conf or sentinel.conf. */
public final class RenderedConfig {
    private static final Pattern MEMORY = Pattern.compile("(?i)([0-9]+)\\s*(b|k|kb|m|mb|g|gb)?");

    private RenderedConfig() {
    }

    /** The arguments of the last line setting {@code directive} (the one Redis keeps). */
    public static Optional<String> directive(String conf, String directive) {
        String found = null;
        for (String line : conf.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(directive + " ")) {
                found = trimmed.substring(directive.length()).trim();
            }
        }
        return Optional.ofNullable(found);
    }

    /** A redis.conf memory size ("8mb", "1gb", "1048576") in bytes, as CONFIG GET reports it. */
    public static long bytes(String size) {
        Matcher m = MEMORY.matcher(size.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a redis.conf memory size: " + size);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "k" -> n * 1000;
            case "kb" -> n * 1024;
            case "m" -> n * 1000 * 1000;
            case "mb" -> n * 1024 * 1024;
            case "g" -> n * 1000 * 1000 * 1000;
            case "gb" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }
}
