/**
 * The network transport: the shaded Jetty 12 core server, its connection guard and error handling.
 */
package dev.hatch.internal.transport;
