/**
 * Views of the running service: threads, deadlocks, the busiest threads and the leak report.
 */
package dev.hatch.cli.diagnostics;
