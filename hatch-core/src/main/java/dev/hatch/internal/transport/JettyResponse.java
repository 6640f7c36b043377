package dev.hatch.internal.transport;

import dev.hatch.spi.HatchResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    @Override
    public boolean committed() {
        return body != null || response.isCommitted();
    }
}
