package org.redischart.chartgen.migrate;

import java.util.ArrayList;
import java.util.List;

/** bitnami's probe settings, which this chart has under the same names at the top level. */
final class ProbeRules {
    private static final List<String> FIELDS = List.of("enabled", "initialDelaySeconds", "periodSeconds",
            "timeoutSeconds", "failureThreshold");

    private ProbeRules() {
    }

    static List<Rule> of(String prefix) {
        List<Rule> rules = new ArrayList<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            for (String field : FIELDS) {
                rules.add(Rule.copy(prefix + probe + "." + field, probe + "." + field));
            }
            rules.add(Rule.convert(prefix + probe + ".successThreshold", null, "only 1", Converters.onlyIf("1",
                    "Kubernetes needs successThreshold 1 for liveness and startup probes", "leave it out")));
        }
        return rules;
    }
}
