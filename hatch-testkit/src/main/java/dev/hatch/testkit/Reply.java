package dev.hatch.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole answer to a {@link Call}: status, headers (names case-insensitive) and body.
 *
 * @param status the HTTP status
 * @param headers the response headers, one value per name, names case-insensitive
 * @param body the body's bytes (empty when there was none)
 */
public record Reply(int status, Map<String, String> headers, byte[] body) {
    /** Copies the headers into a read-only, case-insensitive map. */
    public Reply {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    /** A header's value, if the answer has it. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The content type, or an empty string. */
    public String contentType() {
        return headers.getOrDefault("Content-Type", "");
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body's bytes (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return status + " " + contentType() + " " + (body.length > 300 ? text().substring(0, 300) + "…" : text());
    }
}
