package org.redischart.chartgen.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * How much to measure. The defaults give stable medians on a busy 2-core machine in about
 * two minutes; {@code -Dbench.quick=true} shrinks every count for a smoke run while editing
 * the bench (its figures are not worth quoting).
 */
record Settings(
        Path root,
        String chartVersion,
        int generateWarmup,
        int generateRuns,
        int coldWarmup,
        int coldPairs,
        List<String> childJvmFlags,
        int helmWarmup,
        int helmRenders,
        int redisRounds,
        int redisRequests,
        int redisClients) {

    static Settings fromSystemProperties() {
        boolean quick = Boolean.getBoolean("bench.quick");
        String flags = System.getProperty("bench.jvmFlags", "").strip();
        return new Settings(
                RepoLayout.root(),
                RepoLayout.chartVersion(),
                count("bench.generate.warmup", quick ? 3 : 20),
                count("bench.generate.runs", quick ? 10 : 60),
                count("bench.cold.warmup", 1),
                count("bench.cold.pairs", quick ? 2 : 10),
                flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+")),
                count("bench.helm.warmup", quick ? 5 : 30),
                count("bench.helm.renders", quick ? 20 : 200),
                count("bench.redis.rounds", quick ? 2 : 10),
                count("bench.redis.requests", quick ? 5_000 : 10_000),
                count("bench.redis.clients", 20));
    }

    Path chart() {
        return root.resolve("charts/redis");
    }

    Path scenarios() {
        return root.resolve("generator/src/test/resources/bench");
    }

    private static int count(String property, int fallback) {
        int value = Integer.getInteger(property, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(property + ": must be >= 1, found " + value);
        }
        return value;
    }
}
