/**
 * Converts another chart's values into this chart's: the bitnami/redis mapping is a table of
 * rules (data), applied to a values tree; what has no equivalent is reported with a reason
 * and a suggestion. Reads nothing from disk and writes nothing.
 */
package org.redischart.chartgen.migrate;
