package org.redischart.chartgen.schema;

/**
 * One reason a document does not satisfy its schema.
 *
 * @param path the value's path in jq style, e.g. {@code .auth.enabled}
 * @param message what was expected and what was found
 */
public record Violation(String path, String message) {
    /** The one-line form users read: {@code my-values.yaml: .auth.enabled: expected boolean, found "yes"}. */
    public String describeIn(String file) {
        return file + ": " + path + ": " + message;
    }
}
