/**
 * Checks of rendered releases: every object against the Kubernetes API schema of its kind,
 * and the pod-security and platform policies every workload must meet.
 */
package org.redischart.chartgen.policy;
