package dev.hatch.spi;

import java.io.IOException;
import java.io.OutputStream;

/** A response as the {@link Pipeline} writes it; implemented once per transport. */
public interface HatchResponse {
    /** Sets the status; only before the body is opened. */
    void status(int code);

    /** Sets (replaces) a header; only before the body is opened. */
    void header(String name, String value);

    /**
     * Commits status and headers and returns the body stream. Closing it completes the
     * response. Writes fail with an {@link IOException} when the client has gone away.
     */
    OutputStream body() throws IOException;

    /** Whether status and headers have been sent. */
    boolean committed();
}
