package org.redischart.chartgen.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code prometheus-redis-exporter} (the program of the oliver006/redis_exporter
 * image) started with the arguments and environment a rendered pod gives its {@code metrics}
 * container: the pod's 127.0.0.1 becomes the pod's loopback address, as for Redis. Returns
 * once {@code /health} answers; {@link #close} kills it even after a failed test.
 */
public final class ExporterProcess implements AutoCloseable {
    public static final String BINARY = "/usr/bin/prometheus-redis-exporter";
    private static final String LISTEN = "--web.listen-address=";

    private final ServedProcess served;

    private ExporterProcess(ServedProcess served) {
        this.served = served;
    }

    /** Starts the pod's metrics container; {@code envOverrides} (e.g. a wrong password) win over the rendered env. */
    public static ExporterProcess start(RenderedPod pod, Map<String, String> envOverrides) {
        List<String> command = new ArrayList<>(List.of(BINARY));
        String listen = null;
        for (String arg : pod.command("metrics")) {
            String local = arg.replace("127.0.0.1", pod.ip());
            if (local.startsWith(LISTEN + ":")) {
                local = LISTEN + pod.ip() + local.substring(LISTEN.length());
            }
            if (local.startsWith(LISTEN)) {
                listen = local.substring(LISTEN.length());
            }
            command.add(local);
        }
        if (listen == null) {
            throw new AssertionError("the metrics container has no " + LISTEN + ": " + command);
        }
        Map<String, String> env = new LinkedHashMap<>(pod.env("metrics"));
        env.putAll(envOverrides);
        return new ExporterProcess(ServedProcess.start(pod.name() + "-metrics", command, env, pod.volume("tmp"), listen,
                "/health", Duration.ofSeconds(15)));
    }

    /** host:port the exporter listens on. */
    public String address() {
        return served.address();
    }

    /** GET {@code path} (e.g. /metrics, /health). */
    public ServedProcess.Response get(String path) {
        return served.get(path);
    }

    /** The body of {@code /metrics}. */
    public String metrics() {
        return get("/metrics").body();
    }

    @Override
    public void close() {
        served.close();
    }

    /** The value of the first sample of metric {@code name}, whatever its labels, in Prometheus text format. */
    public static OptionalDouble sample(String metricsText, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(metricsText);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(2))) : OptionalDouble.empty();
    }

    /** Every metric name with at least one sample. */
    public static Set<String> names(String metricsText) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(metricsText);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
