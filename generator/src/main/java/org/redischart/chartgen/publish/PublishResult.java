package org.redischart.chartgen.publish;

import java.util.List;

/** The outcome: the chart version, whether it was new to the repository, and every version now listed. */
public record PublishResult(String chartName, String version, boolean added, List<String> versions) {
}
