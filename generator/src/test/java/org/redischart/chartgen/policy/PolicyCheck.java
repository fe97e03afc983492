package org.redischart.chartgen.policy;

import java.util.List;
import java.util.function.Function;
import org.redischart.chartgen.testing.Scenarios;

/**
 * One rule every rendered release must meet.
 *
 * @param name what the rule requires, as the test table shows it
 * @param violations every breach in a release, each naming the object; empty when it complies
 */
record PolicyCheck(String name, Function<Scenarios.Rendered, List<String>> violations) {
    List<String> check(Scenarios.Rendered release) {
        return violations.apply(release);
    }

    @Override
    public String toString() {
        return name;
    }
}
