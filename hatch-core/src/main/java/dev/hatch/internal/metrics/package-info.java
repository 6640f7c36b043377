/**
 * Prometheus text exposition of JVM, process and Hatch metrics.
 */
package dev.hatch.internal.metrics;
