/**
 * Upgrades against an in-test API server holding what a previous release left: the chart's
 * upgrade guards refuse what would lose data or hit immutable fields, and nothing else.
 */
package org.redischart.chartgen.upgrade;
