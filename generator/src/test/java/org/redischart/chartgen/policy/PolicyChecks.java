package org.redischart.chartgen.policy;

import java.util.ArrayList;
import java.util.List;

/** Every policy a rendered release must meet, in the order the test table shows them. */
final class PolicyChecks {
    private PolicyChecks() {
    }

    static List<PolicyCheck> all() {
        List<PolicyCheck> checks = new ArrayList<>(PodSecurityChecks.all());
        checks.addAll(PlatformChecks.all());
        checks.addAll(SecretChecks.all());
        return List.copyOf(checks);
    }
}
