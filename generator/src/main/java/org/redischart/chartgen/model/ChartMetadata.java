package org.redischart.chartgen.model;

import java.util.List;

/** What schema/chart.yaml says about the chart; Chart.yaml and the README are made from it. */
public record ChartMetadata(
        String name,
        String description,
        String home,
        String icon,
        String kubeVersion,
        String license,
        List<String> sources,
        List<Maintainer> maintainers,
        List<String> keywords) {

    /** A person or team answering for the chart. */
    public record Maintainer(String name, String email, String url) {
    }
}
