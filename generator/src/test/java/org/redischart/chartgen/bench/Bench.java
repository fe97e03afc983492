package org.redischart.chartgen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.redischart.chartgen.bench.Scenarios.Scenario;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;

/**
 * {@code make bench}: measures the generator, the chart under Helm and Redis with the
 * rendered redis.conf, and prints one table of medians and tails, each against its target
 * and its reference. Progress goes to stderr, the table to stdout. Needs {@code make chart}
 * first (the shaded jar and the committed chart) and KUBECONFIG naming a writable file.
 */
public final class Bench {
    private static final String CACHE_PROFILE = "cache";
    private static final String DEFAULT_PROFILE = "default";

    private Bench() {
    }

    /** Rows a bench class adds to the table, given the bench's settings, process registry and work directory. */
    interface Rows {
        void run(Settings settings, Processes processes, Path work, Table table);
    }

    /**
     * One bench class's rows alone, printed as the table {@code make bench} prints: what its
     * {@code main} runs ({@code make bench MVN="mvn -B -ntp -Dbench.main=<its class>"}).
     */
    static void runAlone(String name, Rows rows) throws IOException {
        Logger.getLogger("").setLevel(Level.WARNING);
        Table table = new Table();
        Path work = Files.createTempDirectory("chartgen-" + name + "-bench");
        try (Processes processes = new Processes(work)) {
            rows.run(Settings.fromSystemProperties(), processes, work, table);
        }
        table.print(System.out);
        System.exit(0);
    }

    public static void main(String[] args) throws IOException {
        // The mock API server logs every request through java.util.logging; keep stderr for progress.
        Logger.getLogger("").setLevel(Level.WARNING);
        Settings settings = Settings.fromSystemProperties();
        Table table = new Table();
        long start = System.nanoTime();
        Path work = Files.createTempDirectory("chartgen-bench");
        try (Processes processes = new Processes(work)) {
            progress("generator: warm in-process, then cold processes");
            new GeneratorBench(settings, processes, directory(work.resolve("generator"))).run(table);

            List<RedisBench.Config> configs = helm(settings, work, table);
            String targetProfile = configs.stream().anyMatch(c -> c.name().equals(CACHE_PROFILE))
                    ? CACHE_PROFILE : DEFAULT_PROFILE;
            if (targetProfile.equals(DEFAULT_PROFILE)) {
                table.note(configs.stream().anyMatch(c -> c.name().equals(DEFAULT_PROFILE))
                        ? "The chart has no profiles yet: the ≥ 95% throughput target applies to the default "
                                + "redis.conf until it has a `cache` one."
                        : "No accepted `cache` profile in bench/profiles: no throughput figure has a target.");
            }
            progress("redis: " + (configs.size() + 1) + " servers, " + settings.redisRounds() + " rounds");
            try {
                new RedisBench(settings, processes, directory(work.resolve("redis"))).run(configs, targetProfile, table);
            } catch (RuntimeException e) {
                table.failed("redis throughput", Target.ratioAtLeast(0.95), e.getMessage());
            }
            withExporter(settings, directory(work.resolve("exporter")), processes, table);
            progress("valkey: the cache profile's conf against stock valkey-server, " + settings.redisRounds() + " rounds");
            new ValkeyBench(settings, processes, directory(work.resolve("valkey"))).run(table);
            progress("redis: TLS conf against stock redis-server with TLS, " + settings.redisRounds() + " rounds");
            new TlsBench(settings, processes, directory(work.resolve("tls"))).run(table);
            progress("redis cluster: 3 shards against one standalone node");
            try {
                new ClusterBench(settings, processes, directory(work.resolve("cluster"))).run(table);
            } catch (RuntimeException e) {
                table.failed("redis cluster scaling", Target.none(), e.getMessage());
            }
            progress("redis: through the chart's HAProxy against the same primary directly, " + settings.redisRounds()
                    + " rounds");
            new HaproxyBench(settings, processes, directory(work.resolve("haproxy"))).run(table);
            progress("faults: the HA scenarios of the fault suites (pods as processes), each guarantee and its figures");
            new FaultBench(Boolean.getBoolean("bench.quick")).run(table);
        } finally {
            deleteTree(work);
        }
        table.note(String.format(Locale.ROOT, "Whole bench: %.0f s on %d CPUs, Java %s.",
                Samples.millisSince(start) / 1000, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        table.print(System.out);
        System.exit(0);
    }

    /** Figure 2, then the redis.conf of each profile for figure 3 (none if Helm cannot render). */
    private static List<RedisBench.Config> helm(Settings settings, Path work, Table table) {
        try (KubeApiServer ignored = new KubeApiServer()) {
            Scenarios scenarios = new Scenarios(settings.chart());
            progress("helm: rendering charts/redis and the scaffold");
            Map<String, Manifests> rendered = new HelmBench(settings, directory(work.resolve("helm")))
                    .run(scenarios.accepted(settings.scenarios(), table), table);
            noteMetrics(settings, table);
            return redisConfigs(settings, rendered, scenarios.accepted(settings.scenarios().resolve("profiles"), table));
        } catch (RuntimeException e) {
            table.failed("helm render", Target.ratioAtMost(3.0), e.getMessage());
            return List.of();
        }
    }

    /**
     * One redis.conf per accepted profile values file; the chart's default one only while the
     * chart has no profiles (with profiles, the default is one of them).
     */
    private static List<RedisBench.Config> redisConfigs(Settings settings, Map<String, Manifests> rendered,
            List<Scenario> profiles) {
        HelmRenderer renderer = new HelmRenderer(settings.chart());
        String configMap = HelmBench.RELEASE + "-redis";
        List<RedisBench.Config> configs = new ArrayList<>();
        for (Scenario profile : profiles) {
            String text = renderer.render(HelmBench.RELEASE, profile.valuesFile());
            configs.add(new RedisBench.Config(profile.name(), Manifests.parse(text).redisConf(configMap)));
        }
        if (configs.isEmpty()) {
            Manifests defaults = rendered.containsKey(Scenarios.DEFAULTS)
                    ? rendered.get(Scenarios.DEFAULTS) : Manifests.parse(renderer.render(HelmBench.RELEASE, null));
            configs.add(new RedisBench.Config(DEFAULT_PROFILE, defaults.redisConf(configMap)));
        }
        return configs;
    }

    /** Redis with the chart's exporter scraping it every second, against the same conf without (bench/metrics.yaml). */
    private static void withExporter(Settings settings, Path work, Processes processes, Table table) {
        Path values = settings.scenarios().resolve("metrics.yaml");
        if (!new org.redischart.chartgen.schema.ValuesFileValidator().validate(List.of(values), settings.chart()).isEmpty()) {
            return;
        }
        progress("redis: with the exporter scraping every second, " + settings.redisRounds() + " rounds");
        Manifests manifests;
        try (KubeApiServer ignored = new KubeApiServer()) {
            manifests = Manifests.parse(new HelmRenderer(settings.chart()).render(HelmBench.RELEASE, values));
        }
        String name = HelmBench.RELEASE + "-redis";
        List<String> args = new ArrayList<>();
        for (JsonNode container : manifests.get("StatefulSet", name).at("/spec/template/spec/containers")) {
            if ("metrics".equals(container.path("name").asText())) {
                container.path("args").forEach(a -> args.add(a.asText()));
            }
        }
        new RedisBench(settings, processes, work).runWithExporter(new RedisBench.Config("metrics", manifests.redisConf(name)), args, table);
    }

    /**
     * Hook for the TLS row (issue 15): Redis throughput with the rendered TLS redis.conf against
     * stock redis-server with TLS and the same certificates (≥ 0.95×). bench/tls.yaml already
     * gets its render row once the schema accepts it; until this hook runs a
     * {@code RedisBench} round over TLS, the table says the row is missing.
     */
    private static void noteMetrics(Settings settings, Table table) {
        try {
            JsonNode schema = new ObjectMapper().readTree(settings.chart().resolve("values.schema.json").toFile());
            if (!schema.path("properties").has("metrics")) {
                table.note("The chart has no metrics exporter (no `metrics` in values.schema.json), so there is "
                        + "no with-metrics figure; bench/metrics.yaml is measured once the schema accepts it.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chart's values.schema.json", e);
        }
    }

    private static void progress(String step) {
        System.err.println("bench: " + step);
    }

    private static Path directory(Path dir) {
        RedisBench.createDirectories(dir);
        return dir;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
