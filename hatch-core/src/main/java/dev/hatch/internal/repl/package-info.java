/**
 * The opt-in Java REPL: JShell sessions with guarded execution, bounded output and bindings.
 */
package dev.hatch.internal.repl;
