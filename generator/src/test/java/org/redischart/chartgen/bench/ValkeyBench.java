package org.redischart.chartgen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;

/**
 * Issue 31: Valkey with the chart's cache profile (bench/profiles/cache.yaml and
 * {@code engine: valkey}) against stock valkey-server, measured as the Redis rows are (same
 * client, rounds and target ≥ 0.95×). This machine has no Valkey: both servers run trixie's
 * valkey-server 8.1 in its image root.
 */
final class ValkeyBench {
    static final String PROFILE = "cache";

    private final Settings settings;
    private final Processes processes;
    private final Path work;

    ValkeyBench(Settings settings, Processes processes, Path work) {
        this.settings = settings;
        this.processes = processes;
        this.work = work;
    }

    /** Only this row (the whole table is {@code make bench}): {@code -Dbench.main=org.redischart.chartgen.bench.ValkeyBench}. */
    public static void main(String[] args) throws IOException {
        Bench.runAlone("valkey", (settings, processes, work, table) -> new ValkeyBench(settings, processes, work).run(table));
    }

    void run(Table table) {
        Engine engine = Engine.valkey();
        String conf;
        String version;
        try {
            version = engine.version(processes, work);
            conf = renderedConf();
        } catch (RuntimeException e) {
            table.failed("valkey throughput, conf `" + PROFILE + "`", Target.ratioAtLeast(0.95), e.getMessage());
            return;
        }
        new RedisBench(settings, processes, work, engine).run(List.of(new RedisBench.Config(PROFILE, conf)), PROFILE, table);
        table.note("Valkey: " + version + " in trixie's image root, chrooted, for both servers; the stock one is `valkey-server` "
                + "with its built-in defaults plus `--port --bind 127.0.0.1 --dir --requirepass`; the rendered one runs the "
                + "config of bench/profiles/cache.yaml with `engine: valkey`, changed and measured as for Redis (same client, "
                + "this machine's `redis-benchmark`, same rounds).");
    }

    /** The server config the chart renders for the cache profile with engine: valkey. */
    private String renderedConf() {
        Path values = settings.scenarios().resolve("profiles").resolve(PROFILE + ".yaml");
        try (KubeApiServer ignored = new KubeApiServer()) {
            Manifests manifests = Manifests.parse(new HelmRenderer(settings.chart()).render(HelmBench.RELEASE, values,
                    Map.of("engine", "valkey")));
            JsonNode data = manifests.get("ConfigMap", HelmBench.RELEASE + "-redis").path("data");
            return (data.has("valkey.conf") ? data.path("valkey.conf") : data.path("redis.conf")).asText();
        }
    }
}
