package org.redischart.chartgen.model;

import java.util.List;
import org.redischart.chartgen.input.InvalidInputException;

/** CHANGELOG.md cannot be used; the message lists every problem, one per line. */
public class ChangelogException extends InvalidInputException {

    public ChangelogException(List<String> problems) {
        super(problems);
    }
}
