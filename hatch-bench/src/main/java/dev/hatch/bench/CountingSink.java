package dev.hatch.bench;

import java.io.OutputStream;

/** Where a response's stream would be: counts the bytes and drops them, as a fast socket takes them. */
public final class CountingSink extends OutputStream {
    private long bytes;

    @Override
    public void write(int b) {
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes += len;
    }

    /** The bytes written so far. */
    public long bytes() {
        return bytes;
    }
}
