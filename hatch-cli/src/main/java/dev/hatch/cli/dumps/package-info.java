/**
 * Files fetched from the service: heap dumps (streamed or stored, resumed with {@code Range}),
 * profiles, the part-file download with its stall watchdog, and the progress bar.
 */
package dev.hatch.cli.dumps;
