package org.redischart.chartgen.model;

import java.util.List;

/** One CHANGELOG.md section: a chart version and its changes, for the README's upgrade notes. */
public record ReleaseNotes(String version, List<Change> changes) {
    public ReleaseNotes {
        changes = List.copyOf(changes);
    }
}
