package org.redischart.chartgen.model;

import java.util.List;

/** CHANGELOG.md cannot be used; the message lists every problem, one per line. */
public class ChangelogException extends RuntimeException {

    public ChangelogException(List<String> problems) {
        super(String.join("\n", problems));
    }
}
