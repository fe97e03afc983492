/**
 * Sizing: Kubernetes quantities and the α margin model that turns what Redis requires into
 * container requests, limits and {@code maxmemory}. The chart's {@code _sizing.tpl} computes the
 * same integers at install time; the property test in this package's tests proves they agree.
 */
package org.redischart.chartgen.sizing;
