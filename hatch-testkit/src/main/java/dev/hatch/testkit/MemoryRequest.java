package dev.hatch.testkit;

import dev.hatch.spi.HatchRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** A request held in memory, handed to the endpoint as a transport would hand it. */
final class MemoryRequest implements HatchRequest {
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String remoteAddress;
    private final boolean secure;

    MemoryRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String remoteAddress, boolean secure) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body == null ? new byte[0] : body;
        this.remoteAddress = remoteAddress;
        this.secure = secure;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public int headerCount(String name) {
        List<String> values = headers.get(name);
        return values == null ? 0 : values.size();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public long contentLength() {
        return body.length;
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public boolean secure() {
        return secure;
    }
}
