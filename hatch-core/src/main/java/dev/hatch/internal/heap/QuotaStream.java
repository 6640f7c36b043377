package dev.hatch.internal.heap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered file stream that refuses to grow past an allowance: the write that would cross it
 * throws {@link DumpStore.OverQuota} instead, so a bundle can never take the store past its quota.
 */
final class QuotaStream extends OutputStream {
    private static final int BUFFER = 64 * 1024;

    private final OutputStream out;
    private final long allowance;
    private long written;
    private boolean refused;

    QuotaStream(OutputStream file, long allowance) {
        this.out = new BufferedOutputStream(file, BUFFER);
        this.allowance = allowance;
    }

    private void count(long n) throws DumpStore.OverQuota {
        // Once refused, always: a later, smaller write must not slip through and leave a file with a hole.
        if (refused || written + n > allowance) {
            refused = true;
            throw new DumpStore.OverQuota(allowance);
        }
        written += n;
    }

    @Override
    public void write(int b) throws IOException {
        count(1);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        count(len);
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
