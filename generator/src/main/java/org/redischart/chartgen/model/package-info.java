/**
 * The chart's typed description, built once from the validated schema and the chart
 * metadata: defaults, the parameter catalogue, names and versions. Everything later
 * stages render comes from here.
 */
package org.redischart.chartgen.model;
