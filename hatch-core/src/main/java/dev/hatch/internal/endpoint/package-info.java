/**
 * Wiring: builds the pipeline, the capabilities and the transport from the settings, and closes them.
 */
package dev.hatch.internal.endpoint;
