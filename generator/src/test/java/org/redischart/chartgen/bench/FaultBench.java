package org.redischart.chartgen.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The HA figures of the README's table: runs the fault suites (pods as network-namespaced
 * processes, real Redis and Sentinel) once more and turns each figure line they print
 * ("fault …", "k8s …") into a row. A suite that fails is a MISS: its guarantee did not hold.
 */
final class FaultBench {
    /** The suites whose lines the README's HA table quotes; the quick run keeps the first. */
    private static final List<String> SUITES = List.of(
            "org.redischart.chartgen.faults.SentinelWriteLoadTest",
            "org.redischart.chartgen.faults.SentinelElectionTest",
            "org.redischart.chartgen.faults.SentinelFaultsTest",
            "org.redischart.chartgen.faults.SentinelCacheFaultsTest",
            "org.redischart.chartgen.faults.KubernetesFaultsTest",
            "org.redischart.chartgen.faults.FullClaimsFaultsTest",
            // Not in make test: the ten-minute soak, and deletion and rolling restart with limits and DNS caching.
            "org.redischart.chartgen.faults.KubernetesLongRuns");

    private final boolean quick;

    FaultBench(boolean quick) {
        this.quick = quick;
    }

    /** Runs only these rows: {@code make bench MVN="mvn -B -ntp -Dbench.main=org.redischart.chartgen.bench.FaultBench"}. */
    public static void main(String[] args) throws IOException {
        Bench.runAlone("faults", (settings, processes, work, table) -> new FaultBench(Boolean.getBoolean("bench.quick")).run(table));
    }

    void run(Table table) {
        for (String suite : quick ? SUITES.subList(0, 1) : SUITES) {
            List<String> figures = new ArrayList<>();
            EngineExecutionResults results = printedLines(figures,
                    () -> EngineTestKit.engine("junit-jupiter").selectors(selectClass(suite)).execute());
            String name = suite.substring(suite.lastIndexOf('.') + 1);
            long failed = results.testEvents().failed().count();
            long succeeded = results.testEvents().succeeded().count();
            for (String line : figures) {
                table.outcome(line.substring(0, line.indexOf(':')), "0 acknowledged writes lost",
                        failed == 0, line.substring(line.indexOf(':') + 1).trim());
            }
            if (failed > 0 || succeeded == 0) {
                table.outcome(name, "every scenario holds", false, failed + " of " + (failed + succeeded)
                        + " scenarios failed: " + results.testEvents().failed().stream()
                        .map(e -> e.getTestDescriptor().getDisplayName()).toList());
            }
        }
    }

    /** Runs {@code suite} with System.out teed, collecting the figure lines it prints. */
    private static EngineExecutionResults printedLines(List<String> figures, java.util.function.Supplier<EngineExecutionResults> suite) {
        PrintStream original = System.out;
        LineCollector collector = new LineCollector(original, figures);
        System.setOut(new PrintStream(collector, true, StandardCharsets.UTF_8));
        try {
            return suite.get();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
    }

    /** Passes every byte on, and keeps each whole line that starts with a figure prefix. */
    private static final class LineCollector extends OutputStream {
        private final PrintStream next;
        private final List<String> figures;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineCollector(PrintStream next, List<String> figures) {
            this.next = next;
            this.figures = figures;
        }

        @Override
        public synchronized void write(int b) {
            next.write(b);
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if ((text.startsWith("fault ") || text.startsWith("k8s ")) && text.contains(":")) {
                figures.add(text);
            }
        }
    }
}
