/**
 * The documents are tested like code: names in the snippets exist in a render, no paragraph is
 * written twice, relative links resolve, and each documented chartgen command does what its
 * text says.
 */
package org.redischart.chartgen.docs;
