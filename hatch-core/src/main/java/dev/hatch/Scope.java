package dev.hatch;

import java.util.Locale;

/**
 * What a token may do. Each route needs exactly one scope; scopes do not imply each other, so a
 * token carries every scope it needs, e.g. {@code hatch.token.oncall.scopes=monitor,dump}.
 */
public enum Scope {
    /** Read-only views: health, info, threads, memory, leaks, metrics, loggers. */
    MONITOR,
    /** Heap dumps, class histograms, profiles and JFR recordings: they can reveal every secret in the heap. */
    DUMP,
    /** Actions that change the process: GC, log levels, the application's own commands, triggers. */
    OPERATE,
    /** The in-process Java REPL: full code execution. Exists only when the REPL is enabled. */
    REPL,
    /** The audit log and other views of Hatch itself. */
    ADMIN;

    /** The name used in configuration and responses, e.g. {@code "dump"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a scope name as written in configuration.
     *
     * @throws IllegalArgumentException naming the valid scopes when {@code id} is none of them
     */
    public static Scope parse(String id) {
        for (Scope scope : values()) {
            if (scope.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + id.trim() + "' (scopes: monitor, dump, operate, repl, admin)");
    }
}
