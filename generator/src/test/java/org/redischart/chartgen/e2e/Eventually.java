package org.redischart.chartgen.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls the cluster until a condition holds or a deadline passes, then fails with what it
 * last saw. Errors while polling (a pod restarting, a port-forward not yet up) are retried.
 */
final class Eventually {
    private static final Duration PAUSE = Duration.ofSeconds(2);

    private Eventually() {
    }

    static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "nothing yet";
        while (true) {
            try {
                T value = probe.get();
                if (done.test(value)) {
                    return value;
                }
                last = String.valueOf(value);
            } catch (RuntimeException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": still not true after " + timeout.toSeconds() + "s; last saw " + last);
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }
}
