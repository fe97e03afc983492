/**
 * The chartgen command line: one thin picocli command per subcommand, each parsing its
 * options, calling one stage and mapping the outcome to an exit code and a message.
 */
package org.redischart.chartgen.cli;
