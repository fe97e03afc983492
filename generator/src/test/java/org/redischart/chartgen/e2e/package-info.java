/**
 * End-to-end tests: install, test, upgrade, roll back and uninstall the packaged chart on a
 * real k3s cluster (Testcontainers) through the real Helm engine. Tagged {@code e2e}; run by
 * {@code make e2e}, skipped with one loud line where there is no Docker engine.
 */
package org.redischart.chartgen.e2e;
