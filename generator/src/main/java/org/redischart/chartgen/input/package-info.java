/**
 * The input layer: reads YAML files as Helm does within bounded resources, indexes their
 * lines for messages, and reports bad input ({@link org.redischart.chartgen.input.InvalidInputException}).
 * Every stage that reads a file goes through it.
 */
package org.redischart.chartgen.input;
