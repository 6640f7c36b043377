package dev.hatch.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

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

    /**
     * Writes {@code count} bytes of {@code file} from {@code position} into the body opened by
     * {@link #body()}, after what was written to it so far. The default copies through the body
     * stream; a transport may send the file's pages to the socket without copying them through
     * the heap (Hatch's own server does, for heap dumps).
     */
    default void writeFile(FileChannel file, long position, long count) throws IOException {
        OutputStream out = body();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(256 * 1024, Math.max(1, count)));
        long at = position;
        long end = position + count;
        while (at < end) {
            buffer.clear();
            if (end - at < buffer.capacity()) {
                buffer.limit((int) (end - at));
            }
            int n = file.read(buffer, at);
            if (n < 0) {
                throw new java.io.EOFException("the file ended " + (end - at) + " bytes early");
            }
            out.write(buffer.array(), 0, n);
            at += n;
        }
    }
}
