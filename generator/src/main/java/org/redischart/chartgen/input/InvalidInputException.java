package org.redischart.chartgen.input;

import java.util.List;

/**
 * Input that the user must fix: a schema, template or values file that is not valid.
 * Carries every problem found, each a one-line message naming the file and the path.
 */
public class InvalidInputException extends RuntimeException {
    private final List<String> problems;

    public InvalidInputException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
