/**
 * Loads the values schema and values files, and validates them: the schema against the
 * JSON Schema 2020-12 meta-schema, each default against its own schema, and user values
 * against the whole schema, reporting every violation with its file and path.
 */
package org.redischart.chartgen.schema;
