/**
 * The shell the chart ships, checked statically: every script and {@code sh -c} line of the
 * golden renders, parsed by the shells of the images that run them, linted, and every program
 * they call looked up in that image's program list.
 */
package org.redischart.chartgen.scripts;
