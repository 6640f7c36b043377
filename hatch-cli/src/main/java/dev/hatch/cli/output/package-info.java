/**
 * What the user sees: {@code --json} and the one place that prints JSON
 * ({@link dev.hatch.cli.output.OutputOptions}), the failure that carries an exit status, the
 * forgiving reader of answers, tables, and text from the server made safe for a terminal.
 */
package dev.hatch.cli.output;
