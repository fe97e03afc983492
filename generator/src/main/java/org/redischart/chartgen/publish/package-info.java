/**
 * Packages the generated chart with the Helm engine, guards published versions against change,
 * and writes the chart repository (packages, provenance, {@code index.yaml}).
 */
package org.redischart.chartgen.publish;
