/**
 * Reaching an endpoint: the URL, token, time-limit and TLS options ({@link dev.hatch.cli.connection.ConnectionOptions},
 * a mixin of the root command), the HTTP client, PEM files, and the mapping of failures to one
 * line and an exit status.
 */
package dev.hatch.cli.connection;
