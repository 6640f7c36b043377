package dev.hatch.internal.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes on and counts them; optionally keeps the stream below open when closed (a
 * section inside a zip, a zip inside a file the caller owns).
 */
public final class CountingStream extends FilterOutputStream {
    private final boolean keepOpen;
    private long count;

    /**
     * @param out the stream written to
     * @param keepOpen whether {@link #close()} only flushes {@code out} instead of closing it
     */
    public CountingStream(OutputStream out, boolean keepOpen) {
        super(out);
        this.keepOpen = keepOpen;
    }

    /** The bytes written so far. */
    public long count() {
        return count;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
    }

    @Override
    public void close() throws IOException {
        if (keepOpen) {
            flush();
        } else {
            super.close();
        }
    }
}
