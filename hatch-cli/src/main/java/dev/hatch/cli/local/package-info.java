/**
 * Commands that work on this machine without calling an endpoint: {@code attach} and
 * {@code audit verify}.
 */
package dev.hatch.cli.local;
