package org.redischart.chartgen.testing.pods;

import java.time.Instant;

/** How one run of a container ended, as the pod status's lastState.terminated says it (reason OOMKilled, Error, Completed). */
public record Termination(String container, String reason, int exitCode, Instant at) {
}
