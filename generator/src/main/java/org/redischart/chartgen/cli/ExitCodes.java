package org.redischart.chartgen.cli;

/** What chartgen's exit codes mean. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A schema, template, values file or quantity is not valid; the message says why. */
    public static final int INVALID_INPUT = 1;
    /** The command line itself is wrong (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** chartgen failed for a reason that is not the input's fault (a bug, a full disk). */
    public static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
