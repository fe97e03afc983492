/**
 * Renders the Pebble templates under templates/chart into the chart's files, in memory:
 * a sorted map from chart-relative path to content. It never touches the output disk.
 */
package org.redischart.chartgen.render;
