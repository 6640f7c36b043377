package dev.hatch.spi;

import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A request as a transport hands it to the {@link Pipeline}. Implemented once per transport
 * (the standalone server, the servlet adapter); routes never see the server library.
 */
public interface HatchRequest {
    /** The method, upper case, e.g. {@code GET}. */
    String method();

    /** The decoded path without the query, e.g. {@code /ops/threads}. */
    String path();

    /** The raw (undecoded) query string without {@code ?}, or {@code null}. */
    String rawQuery();

    /** The first value of a header, or {@code null}. Names are case-insensitive. */
    String header(String name);

    /** How many times a header occurs (separate header lines of the same name). */
    int headerCount(String name);

    /** The client's IP address as text. */
    String remoteAddress();

    /** The declared body length, or -1 when unknown (chunked). */
    long contentLength();

    /** The body, read at most once. */
    InputStream body();

    /** Whether the request came over TLS. */
    default boolean secure() {
        return false;
    }

    /** The client certificate chain presented over mutual TLS, or an empty list. */
    default List<X509Certificate> clientCertificates() {
        return List.of();
    }

    /**
     * Closes the connection at once, so that a read or write blocked on it fails. Hatch calls it
     * from its own thread when the client moves data slower than the minimum rates
     * ({@code hatch.limits.min-body-rate}, {@code hatch.limits.min-response-rate}). The default
     * does nothing: Hatch then stops the request at its next read or write.
     */
    default void abortConnection() {
    }
}
