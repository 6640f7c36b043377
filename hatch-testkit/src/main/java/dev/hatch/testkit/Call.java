package dev.hatch.testkit;

import dev.hatch.spi.Mounted;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One request, built step by step and sent with {@link #send()}. By default it comes from
 * {@code 127.0.0.1} over plain HTTP, with no headers and no body.
 */
public final class Call {
    private final Mounted mounted;
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] body;
    private String remoteAddress = "127.0.0.1";
    private boolean secure;

    Call(Mounted mounted, String method, String target) {
        this.mounted = mounted;
        this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("the target must start with /: " + target);
        }
        int q = target.indexOf('?');
        this.path = PercentDecoding.decode(q < 0 ? target : target.substring(0, q));
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
    }

    /** Sends {@code Authorization: Bearer <token>}. */
    public Call token(String token) {
        return header("Authorization", "Bearer " + Objects.requireNonNull(token, "token"));
    }

    /** Adds a header line; calling it twice with one name sends the header twice. */
    public Call header(String name, String value) {
        headers.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new ArrayList<>())
                .add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /** A JSON body, sent as {@code application/json}. */
    public Call json(String json) {
        return body(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** A body with its content type (which may be {@code null} to send none). */
    public Call body(byte[] bytes, String contentType) {
        this.body = bytes.clone();
        headers.remove("Content-Length");
        header("Content-Length", Integer.toString(bytes.length));
        if (contentType != null) {
            headers.remove("Content-Type");
            header("Content-Type", contentType);
        }
        return this;
    }

    /** The client's address as the transport would report it (for the lockout and rates). */
    public Call from(String address) {
        this.remoteAddress = Objects.requireNonNull(address, "address");
        return this;
    }

    /** Marks the request as having come over TLS. */
    public Call secure() {
        this.secure = true;
        return this;
    }

    /**
     * Runs the request through the endpoint on the calling thread and returns the whole answer.
     *
     * @throws IllegalStateException when the endpoint reports a response that failed after it was
     *     committed (a transport would have aborted the connection)
     */
    public Reply send() {
        MemoryRequest request = new MemoryRequest(method, path, rawQuery, headers, body, remoteAddress, secure);
        MemoryResponse response = new MemoryResponse();
        boolean complete = mounted.handle(request, response);
        Reply reply = response.reply();
        if (!complete) {
            throw new IllegalStateException("the response to " + method + " " + path + " failed after it was committed ("
                    + reply.status() + ", " + reply.body().length + " bytes written)");
        }
        return reply;
    }
}
