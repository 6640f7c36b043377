package dev.hatch.internal.http;

import dev.hatch.spi.HatchResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/** Remembers the status and counts the body bytes for the audit record. */
final class CountingResponse implements HatchResponse {
    private final HatchResponse delegate;
    private int status = 200;
    private long bytes;
    private OutputStream body;
    private DataRates.Meter meter;
    private BooleanSupplier bodyUnread;

    CountingResponse(HatchResponse delegate) {
        this.delegate = delegate;
    }

    /** Counts the body's rate from now on (set when the request has its handler slot, before the body is opened). */
    void meter(DataRates.Meter m) {
        this.meter = m;
    }

    /**
     * Makes the response close the connection when, as it is committed, the request's body has
     * not been read to its end. The server cannot keep such a connection: what is left of the body
     * may still be on its way, so the client must be told not to send its next request on it.
     */
    void closeIfBodyUnread(BooleanSupplier unread) {
        this.bodyUnread = unread;
    }

    int status() {
        return status;
    }

    long bytes() {
        return bytes;
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

    /** Closes the body if the handler left it open, completing the response. */
    void finish() throws IOException {
        (body != null ? body : body()).close();
    }

    @Override
    public OutputStream body() throws IOException {
        if (body == null) {
            if (bodyUnread != null && bodyUnread.getAsBoolean()) {
                delegate.header("Connection", "close");
            }
            OutputStream transport = meter == null ? delegate.body() : meter.output(delegate.body());
            body = new FilterOutputStream(transport) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes += len;
                }
            };
        }
        return body;
    }
}
