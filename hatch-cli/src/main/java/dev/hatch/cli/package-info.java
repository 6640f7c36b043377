/**
 * The {@code hatch} command line: {@link dev.hatch.cli.Main} (the jar's {@code Main-Class}), the root command
 * with its global options, and {@code status}, the overview that {@code fleet} also runs. The
 * other commands live in the subpackages, grouped by what they do.
 */
package dev.hatch.cli;
