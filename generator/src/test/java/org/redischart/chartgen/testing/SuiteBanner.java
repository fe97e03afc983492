package org.redischart.chartgen.testing;

import java.util.HashSet;
import java.util.Set;

/**
 * A line a test suite prints once, before its other output: which programs it runs on. Test
 * classes share JVMs (surefire reuses its forks), so "once" is per suite class, found as the
 * outermost test class of this project (a name ending in Test or Runs) on the calling stack.
 */
public final class SuiteBanner {
    private static final Set<String> PRINTED = new HashSet<>();

    private SuiteBanner() {
    }

    /** Prints "{@code <Suite>: <line>}" the first time the calling suite asks. */
    public static void once(String line) {
        // The outermost such class: a suite that runs another suite's static scenario is still the one running.
        String suite = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(frame -> frame.getDeclaringClass().getPackageName().startsWith("org.redischart."))
                .map(frame -> frame.getDeclaringClass().getSimpleName())
                .filter(name -> name.endsWith("Test") || name.endsWith("Runs"))
                .reduce((inner, outer) -> outer).orElse("tests"));
        synchronized (PRINTED) {
            if (PRINTED.add(suite)) {
                System.out.println(suite + ": " + line);
            }
        }
    }
}
