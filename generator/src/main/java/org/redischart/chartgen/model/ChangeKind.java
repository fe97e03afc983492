package org.redischart.chartgen.model;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of change Artifact Hub's {@code artifacthub.io/changes} annotation accepts. */
public enum ChangeKind {
    ADDED, CHANGED, DEPRECATED, REMOVED, FIXED, SECURITY;

    /** The lower-case word used in CHANGELOG.md and in the annotation. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<ChangeKind> fromLabel(String label) {
        return Arrays.stream(values()).filter(kind -> kind.label().equals(label)).findFirst();
    }
}
