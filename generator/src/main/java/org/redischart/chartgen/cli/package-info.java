/**
 * Command line: picocli commands that parse arguments, call one stage and map its exceptions to
 * exit codes (0 ok, 1 invalid input, 2 usage). No business logic lives here.
 */
package org.redischart.chartgen.cli;
