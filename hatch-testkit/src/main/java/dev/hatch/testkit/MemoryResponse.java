package dev.hatch.testkit;

import dev.hatch.spi.HatchResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/** A response collected in memory; the status and headers are fixed once the body is opened. */
final class MemoryResponse implements HatchResponse {
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = 200;
    private boolean committed;

    @Override
    public void status(int code) {
        if (!committed) {
            status = code;
        }
    }

    @Override
    public void header(String name, String value) {
        if (!committed) {
            headers.put(name, value);
        }
    }

    @Override
    public OutputStream body() {
        committed = true;
        return body;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    Reply reply() {
        return new Reply(status, headers, body.toByteArray());
    }
}
