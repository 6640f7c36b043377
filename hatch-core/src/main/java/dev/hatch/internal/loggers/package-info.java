/**
 * Log levels for JUL, Logback and Log4j 2, with timed reverts.
 */
package dev.hatch.internal.loggers;
