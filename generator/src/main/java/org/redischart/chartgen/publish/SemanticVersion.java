package org.redischart.chartgen.publish;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version as chart versions use it, ordered as Helm orders index entries. */
record SemanticVersion(long major, long minor, long patch, String preRelease) implements Comparable<SemanticVersion> {

    private static final Pattern SEMVER =
            Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    static SemanticVersion parse(String text) {
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            throw new PublishException("version: expected a semantic version like 1.2.3, found '" + text + "'");
        }
        return new SemanticVersion(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), m.group(4) == null ? "" : m.group(4));
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int c = Long.compare(major, other.major);
        c = c != 0 ? c : Long.compare(minor, other.minor);
        c = c != 0 ? c : Long.compare(patch, other.patch);
        if (c != 0 || preRelease.equals(other.preRelease)) {
            return c;
        }
        // A release sorts after its pre-releases: 1.0.0-rc.1 < 1.0.0.
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return preRelease.isEmpty() ? 1 : -1;
        }
        return preRelease.compareTo(other.preRelease);
    }
}
