/**
 * The chart's monitoring proven with real components: Debian's redis_exporter against
 * redis-server started from the rendered pods, promtool on the rendered PrometheusRule, and a
 * real Prometheus scraping the exporters and evaluating the rules.
 */
package org.redischart.chartgen.metrics;
