package dev.hatch.internal.transport;

import dev.hatch.spi.HatchResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/** A Jetty core response seen as a {@link HatchResponse}; the body is a buffered blocking stream. */
final class JettyResponse implements HatchResponse {
    private final Response response;
    private OutputStream body;

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
     * The file's pages go to the socket as they are: each region is mapped and handed to Jetty,
     * whose write passes the mapped buffer to the kernel (one copy, page cache to socket; no
     * read into the heap, no intermediate buffer). Regions of {@link #REGION} bytes, large writes.
     */
    @Override
    public void writeFile(FileChannel file, long position, long count) throws IOException {
        body().flush();
        long at = position;
        long end = position + count;
        while (at < end) {
            long n = Math.min(REGION, end - at);
            MappedByteBuffer region = file.map(FileChannel.MapMode.READ_ONLY, at, n);
            try (Blocker.Callback done = Blocker.callback()) {
                response.write(false, region, done);
                done.block();
            }
            at += n;
        }
    }

    /** Bytes mapped and written at a time. */
    static final long REGION = 8L << 20;

    @Override
    public boolean committed() {
        return body != null || response.isCommitted();
    }
}
