/**
 * {@code fleet}: a read-only command against every endpoint of a list, in parallel.
 */
package dev.hatch.cli.fleet;
