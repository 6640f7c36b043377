package dev.hatch.cli.output;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --json}: print JSON for a script rather than text for a person. A picocli mixin of the
 * root command; the option is inherited, so {@code hatch status --json} works too.
 */
public final class OutputOptions {
    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the server's JSON as it is, for scripts.")
    boolean json;

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }
}
