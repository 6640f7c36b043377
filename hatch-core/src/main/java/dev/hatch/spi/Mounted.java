package dev.hatch.spi;

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
public interface Mounted extends AutoCloseable {

    /**
     * Serves one request. Never throws.
     *
     * @return {@code false} when the response failed after it was committed; the adapter must
     *     then abort the connection so the client does not take a truncated body for a whole one
     */
    boolean handle(HatchRequest request, HatchResponse response);

    /** The generated token's file, when no token was configured. */
    Optional<Path> generatedTokenFile();

    /** The audit log file. */
    Path auditFile();

    /** The private heap dump directory. */
    Path dumpDirectory();

    /** Releases everything (audit log, helper threads, generated token file). Idempotent. */
    @Override
    void close();
}
