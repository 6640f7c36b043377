package dev.hatch.internal.http;

import dev.hatch.spi.HatchResponse;
import java.io.IOException;
import java.io.OutputStream;

/** Remembers the status and counts the body bytes for the audit record. */
final class CountingResponse implements HatchResponse {
    private final HatchResponse delegate;
    private int status = 200;
    private long bytes; // sent with writeFile; the body stream counts its own
    private CountingStream counted;
    private OutputStream body;
    private DataRates.Meter meter;
    private final boolean bodyDeclared;
    private volatile boolean bodyRead;

    /**
     * @param bodyDeclared whether the request declares a body ({@code Content-Length > 0} or
     *     chunked): then an answer committed before the body was read to its end closes the
     *     connection. The server cannot keep such a connection (the rest of the body may still be
     *     on its way), so the client must be told not to send its next request on it; this holds
     *     for every answer, a refusal before any handler ran or a handler that ignores the body.
     */
    CountingResponse(HatchResponse delegate, boolean bodyDeclared) {
        this.delegate = delegate;
        this.bodyDeclared = bodyDeclared;
    }

    /** The handler has read the request's body to its end; the connection may be kept. */
    void bodyRead() {
        bodyRead = true;
    }

    /** Counts the body's rate from now on (set when the request has its handler slot, before the body is opened). */
    void meter(DataRates.Meter m) {
        this.meter = m;
    }

    int status() {
        return status;
    }

    long bytes() {
        return bytes + (counted == null ? 0 : counted.count());
    }

    @Override
    public void status(int code) {
        status = code;
        delegate.status(code);
    }

    @Override
    public void header(String name, String value) {
        delegate.header(name, value);
    }

    @Override
    public boolean committed() {
        return body != null || delegate.committed();
    }

    @Override
    public void writeFile(java.nio.channels.FileChannel file, long position, long count) throws IOException {
        body().flush();
        if (meter == null) {
            delegate.writeFile(file, position, count);
            bytes += count;
            return;
        }
        // In pieces, so that the slow-client rule sees the rate while the file is sent.
        long at = position;
        long end = position + count;
        while (at < end) {
            long n = Math.min(FILE_PIECE, end - at);
            long from = at;
            meter.sending(n, () -> delegate.writeFile(file, from, n));
            bytes += n;
            at += n;
        }
    }

    /** A file is sent in pieces of this many bytes, each timed for the slow-client rule. */
    static final long FILE_PIECE = 4L << 20;

    /** Closes the body if the handler left it open, completing the response. */
    void finish() throws IOException {
        (body != null ? body : body()).close();
    }

    @Override
    public OutputStream body() throws IOException {
        if (body == null) {
            if (bodyDeclared && !bodyRead) {
                delegate.header("Connection", "close");
            }
            OutputStream transport = meter == null ? delegate.body() : meter.output(delegate.body());
            counted = new CountingStream(transport, false);
            body = counted;
        }
        return body;
    }
}
