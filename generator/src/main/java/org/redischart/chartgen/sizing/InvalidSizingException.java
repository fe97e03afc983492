package org.redischart.chartgen.sizing;

import java.util.List;

/** One or more sizing inputs were rejected; each problem reads {@code path: expected ..., found ...}. */
public final class InvalidSizingException extends RuntimeException {
    private final List<String> problems;

    public InvalidSizingException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSizingException(String problem) {
        this(List.of(problem));
    }

    /** Every problem found, in the order the inputs were read. */
    public List<String> problems() {
        return problems;
    }
}
