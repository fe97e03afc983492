package org.redischart.chartgen.sizing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * The user's {@code resources} values block, parsed. A key that is missing, null or {@code ""}
 * is unset, exactly as in {@code _sizing.tpl}.
 */
public record ResourceValues(
        Optional<String> preset,
        PartialFigures required,
        Optional<Alpha> alpha,
        Optional<Alpha> cpuAlpha,
        Optional<Alpha> memoryAlpha,
        PartialFigures requests,
        PartialFigures limits,
        Optional<Headroom> headroom) {

    public static final ResourceValues UNSET = new ResourceValues(Optional.empty(), PartialFigures.UNSET,
            Optional.empty(), Optional.empty(), Optional.empty(), PartialFigures.UNSET, PartialFigures.UNSET,
            Optional.empty());

    /**
     * Reads a {@code resources} block as Jackson or SnakeYAML deliver it (maps, strings, numbers).
     *
     * @param path the block's path for messages, normally {@code resources}
     * @throws InvalidInputException listing every invalid value
     */
    public static ResourceValues from(String path, Map<String, ?> block) {
        Reader r = new Reader(path, block == null ? Map.of() : block);
        ResourceValues values = new ResourceValues(
                r.value("preset", (p, v) -> String.valueOf(v)),
                r.figures("required"),
                r.value("alpha", Alpha::parse),
                r.value("cpuAlpha", Alpha::parse),
                r.value("memoryAlpha", Alpha::parse),
                r.figures("requests"),
                r.figures("limits"),
                r.value("maxmemoryPercent", Headroom::parse));
        if (!r.problems.isEmpty()) {
            throw new InvalidInputException(r.problems);
        }
        return values;
    }

    private static final class Reader {
        private final String path;
        private final Map<String, ?> block;
        private final List<String> problems = new ArrayList<>();

        Reader(String path, Map<String, ?> block) {
            this.path = path;
            this.block = block;
        }

        <T> Optional<T> value(String key, BiFunction<String, Object, T> parse) {
            return value(path + "." + key, block.get(key), parse);
        }

        PartialFigures figures(String key) {
            Object nested = block.get(key);
            if (isUnset(nested)) {
                return PartialFigures.UNSET;
            }
            if (!(nested instanceof Map<?, ?> map)) {
                problems.add(path + "." + key + ": expected a map with cpu and memory, found \"" + nested + "\"");
                return PartialFigures.UNSET;
            }
            String at = path + "." + key;
            return new PartialFigures(value(at + ".cpu", map.get("cpu"), CpuQuantity::parse),
                    value(at + ".memory", map.get("memory"), MemoryQuantity::parse));
        }

        private <T> Optional<T> value(String at, Object raw, BiFunction<String, Object, T> parse) {
            if (isUnset(raw)) {
                return Optional.empty();
            }
            try {
                return Optional.of(parse.apply(at, raw));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
                return Optional.empty();
            }
        }

        private static boolean isUnset(Object raw) {
            return raw == null || "".equals(raw);
        }
    }
}
