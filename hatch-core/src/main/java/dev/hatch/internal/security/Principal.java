package dev.hatch.internal.security;

import dev.hatch.Scope;
import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param name the configured token name (or certificate principal); what the audit log records
 * @param scopes what the caller may do
 */
public record Principal(String name, Set<Scope> scopes) {
    /** Copies the scopes. */
    public Principal {
        scopes = Set.copyOf(scopes);
    }

    /** Whether the caller holds the scope; {@code null} (any authenticated caller) always holds. */
    public boolean has(Scope scope) {
        return scope == null || scopes.contains(scope);
    }
}
