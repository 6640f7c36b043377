package dev.hatch;

import dev.hatch.http.HatchRequest;
import dev.hatch.http.HatchResponse;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Hatch's routes mounted in another server: the same pipeline (authentication, scopes, audit)
 * and the same handlers as the standalone endpoint, driven by an adapter that turns the host
 * server's requests into {@link HatchRequest} and {@link HatchResponse}.
 *
 * <pre>{@code
 * Mounted hatch = Hatch.builder().properties(Path.of("hatch.properties")).mount();
 * // in the adapter, per request:
 * boolean complete = hatch.handle(request, response);   // false: abort the connection
 * }</pre>
 */
public final class Mounted implements AutoCloseable {
    private final Endpoint endpoint;

    Mounted(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Serves one request. Never throws.
     *
     * @return {@code false} when the response failed after it was committed; the adapter must
     *     then abort the connection so the client does not take a truncated body for a whole one
     */
    public boolean handle(HatchRequest request, HatchResponse response) {
        return endpoint.pipeline().handle(request, response);
    }

    /** The generated token's file, when no token was configured. */
    public Optional<Path> generatedTokenFile() {
        return Optional.ofNullable(endpoint.generatedTokenFile());
    }

    /** The audit log file. */
    public Path auditFile() {
        return endpoint.auditFile();
    }

    /** The private heap dump directory. */
    public Path dumpDirectory() {
        return endpoint.dumpDirectory();
    }

    /** Releases everything (audit log, helper threads, generated token file). Idempotent. */
    @Override
    public void close() {
        endpoint.close();
    }
}
