package org.redischart.chartgen.sizing;

import java.util.ArrayList;
import java.util.List;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * Applies the precedence: explicit requests/limits > required + α > preset > default preset,
 * per figure; α: cpuAlpha/memoryAlpha > alpha > the table's default α; then the headroom rule
 * caps maxmemory (resources.maxmemoryPercent, default 50 % of the memory limit).
 */
public final class SizingResolver {
    /** The smallest memory limit: below it no maxmemory leaves Redis room under the limit (docs/sizing.md). */
    public static final long MIN_LIMIT_MEBIBYTES = 16;

    private final PresetTable table;

    public SizingResolver(PresetTable table) {
        this.table = table;
    }

    /**
     * @throws InvalidInputException for an unknown preset or a request above its limit
     */
    public Resources resolve(ResourceValues values) {
        String presetName = values.preset().orElse(table.defaultName());
        Preset preset = table.find(presetName).orElseThrow(() -> new InvalidInputException(
                "resources.preset: expected one of " + String.join(", ", table.names())
                        + ", found \"" + presetName + "\""));
        Figures required = values.required().over(preset.required());
        Alpha alpha = values.alpha().orElse(table.defaultAlpha());
        MarginModel model = new MarginModel(values.cpuAlpha().orElse(alpha), values.memoryAlpha().orElse(alpha));
        Resources derived = model.apply(required);
        Figures requests = values.requests().over(derived.requests());
        Figures limits = values.limits().over(derived.limits());
        List<String> problems = new ArrayList<>();
        if (requests.cpu().compareTo(limits.cpu()) > 0) {
            problems.add(exceeds("cpu", requests.cpu(), limits.cpu()));
        }
        if (requests.memory().compareTo(limits.memory()) > 0) {
            problems.add(exceeds("memory", requests.memory(), limits.memory()));
        }
        if (limits.memory().mebibytes() < MIN_LIMIT_MEBIBYTES) {
            problems.add("resources.limits.memory (" + limits.memory() + ") must be at least " + MIN_LIMIT_MEBIBYTES
                    + "Mi: Redis needs memory beyond maxmemory, which must stay below the limit");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Resources(requests, limits).withHeadroom(values.headroom().orElse(Headroom.DEFAULT));
    }

    private static String exceeds(String resource, Object request, Object limit) {
        return "resources.requests." + resource + " (" + request + ") must not exceed resources.limits."
                + resource + " (" + limit + ")";
    }
}
