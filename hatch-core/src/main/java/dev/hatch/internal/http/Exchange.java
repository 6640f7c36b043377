package dev.hatch.internal.http;

import dev.hatch.internal.security.Principal;
import dev.hatch.spi.HatchRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a route handler sees of one request: the caller, the parameters, and ways to answer.
 * Handlers never touch the transport.
 */
public final class Exchange {
    private final HatchRequest request;
    private final CountingResponse response;
    private final Principal principal;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final String correlationId;
    private final int maxBodyBytes;
    private final DataRates.Meter meter;
    private final List<Route> routes;
    private final Map<String, Object> auditDetails = new LinkedHashMap<>();

    Exchange(HatchRequest request, CountingResponse response, Principal principal, Map<String, String> pathParams,
             Map<String, String> query, String correlationId, int maxBodyBytes, DataRates.Meter meter, List<Route> routes) {
        this.request = request;
        this.response = response;
        this.principal = principal;
        this.pathParams = pathParams;
        this.query = query;
        this.correlationId = correlationId;
        this.maxBodyBytes = maxBodyBytes;
        this.meter = meter;
        this.routes = routes;
    }

    /** Every route the endpoint serves, in registration order (the index lists them). */
    public List<Route> routes() {
        return routes;
    }

    /** The request. */
    public HatchRequest request() {
        return request;
    }

    /** The authenticated caller, or {@code null} on a public route called without credentials. */
    public Principal principal() {
        return principal;
    }

    /** The id of this request in the audit log and in error responses. */
    public String correlationId() {
        return correlationId;
    }

    /** A bound path parameter such as {@code id} of {@code /ops/heapdumps/{id}}. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or {@code null}. */
    public String query(String name) {
        return query.get(name);
    }

    /** Fails with 400 when a query parameter other than those listed is present. */
    public void allowOnly(Set<String> names) {
        for (String name : query.keySet()) {
            if (!names.contains(name)) {
                throw Problem.badRequest("unknown query parameter '" + QueryString.printable(name) + "'"
                        + (names.isEmpty() ? "; this route takes none" : "; allowed: " + String.join(", ", names)));
            }
        }
    }

    /** An integer query parameter within bounds, or the default when absent; 400 otherwise. */
    public int intParam(String name, int defaultValue, int min, int max) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw Problem.badRequest("query parameter '" + name + "' must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw Problem.badRequest("query parameter '" + name + "' must be a whole number");
        }
    }

    /** A boolean query parameter ({@code true}/{@code false}), or the default when absent; 400 otherwise. */
    public boolean boolParam(String name, boolean defaultValue) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Problem.badRequest("query parameter '" + name + "' must be true or false");
        };
    }

    /** Whether the client prefers the given media type by {@code Accept} over JSON. */
    public boolean accepts(String mediaType) {
        String accept = request.header("Accept");
        return accept != null && accept.contains(mediaType) && !accept.contains("application/json");
    }

    /**
     * Reads the body as UTF-8, refusing more than the configured limit with 413 (checked
     * against {@code Content-Length} before reading anything). A body that arrives slower than
     * {@code hatch.limits.min-body-rate} fails with an {@link IOException} and the request is cut
     * (408).
     */
    public String bodyText() throws IOException {
        long declared = request.contentLength();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = meter.input(request.body())) {
            int n;
            while ((n = read(in, chunk)) > 0) {
                if (buf.size() + n > maxBodyBytes) {
                    throw tooLarge();
                }
                buf.write(chunk, 0, n);
            }
        }
        response.bodyRead();
        return buf.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads a JSON body as {@link #bodyText()} does. A body that says it is something else is
     * refused with 415 (a form, as {@code curl -d} sends by default, or text); an empty body, or
     * one without a {@code Content-Type}, is the route's to judge.
     */
    public String jsonBody() throws IOException {
        String body = bodyText();
        String type = request.header("Content-Type");
        if (body.isBlank() || type == null) {
            return body;
        }
        String media = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            throw new Problem(415, "Unsupported media type", "this route reads a JSON body, but the request says "
                    + "Content-Type: " + QueryString.printable(media) + "; send the JSON with Content-Type: application/json"
                    + (media.equals("application/x-www-form-urlencoded")
                    ? " (curl -d sends a form: add -H 'Content-Type: application/json', or use curl --json)" : ""))
                    .withHeader("Accept", "application/json");
        }
        return body;
    }

    private static int read(InputStream in, byte[] chunk) throws IOException {
        try {
            return in.read(chunk);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    private Problem tooLarge() {
        return new Problem(413, "Payload too large", "the request body is larger than " + maxBodyBytes
                + " bytes (hatch.limits.body-bytes)");
    }

    /** Adds a field to this request's audit record, e.g. the REPL snippet. */
    public void audit(String key, Object value) {
        auditDetails.put(key, value);
    }

    Map<String, Object> auditDetails() {
        return auditDetails;
    }

    /** Answers with a JSON document. */
    public void json(int status, Object body) throws IOException {
        send(status, "application/json", Json.write(body));
    }

    /** Answers with text of the given media type (UTF-8). */
    public void send(int status, String mediaType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.header("Content-Type", mediaType.contains("charset") || !mediaType.startsWith("text/")
                ? mediaType : mediaType + "; charset=utf-8");
        try (OutputStream out = stream(status, bytes.length)) {
            out.write(bytes);
        }
    }

    /** Sets a response header; before the body is opened. */
    public void header(String name, String value) {
        response.header(name, value);
    }

    /**
     * Opens the body for streaming. Set {@code Content-Type} and other headers first.
     *
     * @param contentLength the exact length, or -1 for a chunked body
     */
    public OutputStream stream(int status, long contentLength) throws IOException {
        response.status(status);
        if (contentLength >= 0) {
            response.header("Content-Length", Long.toString(contentLength));
        }
        return response.body();
    }

    /**
     * Answers with {@code count} bytes of {@code file} from {@code position} as the whole body
     * ({@code Content-Length: count}), sent by the transport's fastest way (Hatch's server: the
     * file's pages straight to the socket). Set {@code Content-Type} and other headers first.
     */
    @SuppressWarnings("try") // the body is opened (headers committed) and closed here; the file goes in through the response
    public void streamFile(int status, java.nio.channels.FileChannel file, long position, long count) throws IOException {
        try (OutputStream body = stream(status, count)) {
            response.writeFile(file, position, count);
        }
    }
}
