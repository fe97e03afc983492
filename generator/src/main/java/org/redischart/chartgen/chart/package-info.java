/**
 * Runs the pipeline (schema → model → render) and writes the chart directory atomically:
 * into a temporary sibling first, swapped in only when complete.
 */
package org.redischart.chartgen.chart;
