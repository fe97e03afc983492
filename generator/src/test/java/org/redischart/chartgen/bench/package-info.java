/**
 * {@code make bench}: timed figures for the generator, the chart under the real Helm engine
 * and Redis running the rendered redis.conf, each next to a reference measured in the same run.
 * A plain {@code main}, not a test: surefire never runs it, so {@code make test} stays untimed.
 */
package org.redischart.chartgen.bench;
