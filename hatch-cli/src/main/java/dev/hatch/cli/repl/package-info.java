/**
 * {@code repl}: the interactive Java session, its server side session and the snippet balancing
 * that decides when Enter sends.
 */
package dev.hatch.cli.repl;
