package dev.hatch.internal.transport;

import dev.hatch.spi.HatchResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/** A Jetty core response seen as a {@link HatchResponse}; the body is a buffered blocking stream. */
final class JettyResponse implements HatchResponse {
    private final Response response;
    private OutputStream body;
    private ByteBuffer transfer;

    JettyResponse(Response response) {
        this.response = response;
    }

    @Override
    public void status(int code) {
        response.setStatus(code);
    }

    @Override
    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    @Override
    public OutputStream body() throws IOException {
        if (body == null) {
            body = new BufferedOutputStream(Content.Sink.asOutputStream(response), 32 * 1024);
        }
        return body;
    }

    /**
     * The file goes to the socket through one direct buffer of this response, in large reads and
     * writes: read from the page cache into the buffer, the buffer handed to Jetty, whose write
     * passes it to the kernel. No copy through the heap. (Mapping the file instead saved a copy,
     * but a mapping lives until the collector finds it: a sent and deleted dump kept its disk
     * space and pages until then, and the next dump's pause grew by 0.6-1.1 s while the kernel
     * freed them.)
     */
    @Override
    public void writeFile(FileChannel file, long position, long count) throws IOException {
        body().flush();
        if (transfer == null) {
            transfer = ByteBuffer.allocateDirect(TRANSFER);
        }
        long at = position;
        long end = position + count;
        while (at < end) {
            transfer.clear().limit((int) Math.min(TRANSFER, end - at));
            while (transfer.hasRemaining()) {
                int n = file.read(transfer, at + transfer.position());
                if (n < 0) {
                    throw new java.io.EOFException("the file ended at byte " + (at + transfer.position()) + " of " + end);
                }
            }
            transfer.flip();
            at += transfer.remaining();
            try (Blocker.Callback done = Blocker.callback()) {
                response.write(false, transfer, done);
                done.block();
            }
        }
    }

    /** Bytes read and written at a time. */
    static final int TRANSFER = 4 << 20;

    @Override
    public boolean committed() {
        return body != null || response.isCommitted();
    }
}
