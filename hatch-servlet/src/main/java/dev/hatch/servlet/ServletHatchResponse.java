package dev.hatch.servlet;

import dev.hatch.spi.HatchResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/** A servlet response seen as a {@link HatchResponse}. */
final class ServletHatchResponse implements HatchResponse {
    private final HttpServletResponse response;
    private OutputStream body;

    ServletHatchResponse(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public void status(int code) {
        response.setStatus(code);
    }

    @Override
    public void header(String name, String value) {
        if (name.equalsIgnoreCase("Content-Length")) {
            response.setContentLengthLong(Long.parseLong(value));
        } else if (name.equalsIgnoreCase("Content-Type")) {
            response.setContentType(value);
        } else {
            response.setHeader(name, value);
        }
    }

    @Override
    public OutputStream body() throws IOException {
        if (body == null) {
            body = response.getOutputStream();
        }
        return body;
    }

    @Override
    public boolean committed() {
        return body != null || response.isCommitted();
    }
}
