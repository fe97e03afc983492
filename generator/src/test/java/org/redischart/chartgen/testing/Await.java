package org.redischart.chartgen.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition on local processes until it holds or a timeout passes, then fails with
 * what it waited for and the processes' logs. A condition that throws (a process starting, a
 * node switching roles) counts as not yet true.
 */
public final class Await {
    private Await() {
    }

    /** Polls {@code condition} every {@code pause} for at most {@code timeout}. */
    public static void until(Duration timeout, Duration pause, String what, BooleanSupplier condition, Supplier<String> logs) {
        untilNothingBlocks(timeout, pause, what, () -> condition.getAsBoolean() ? null : "not yet", logs);
    }

    /**
     * As {@link #until}, for a condition that says what still blocks it ({@code blocker} returns
     * null once nothing does): a timeout then names the last blocker and when it was seen, and
     * the last exception.
     */
    public static void untilNothingBlocks(Duration timeout, Duration pause, String what, Supplier<String> blocker,
            Supplier<String> logs) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = "none";
        String lastError = "none";
        while (System.nanoTime() < deadline) {
            String now;
            try {
                now = blocker.get();
            } catch (RuntimeException e) {
                now = e.toString();
                lastError = now;
            }
            if (now == null) {
                return;
            }
            last = now + " (" + (System.nanoTime() - start) / 1_000_000 + " ms into the wait)";
            LocalPods.sleep(pause);
        }
        throw new AssertionError("timed out after " + timeout + " waiting until " + what + " (last seen: " + last
                + "; last error: " + lastError + "); logs:\n" + logs.get());
    }
}
