package dev.hatch.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a route reports to the client as {@code application/problem+json} (RFC 9457). The
 * detail tells the operator what to do; it never contains a stack trace or a secret.
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient Map<String, String> headers = new LinkedHashMap<>();
    private String outcome;

    /** A problem with the given status, short title and actionable detail. */
    public Problem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The short, fixed title of this kind of problem. */
    public String title() {
        return title;
    }

    /** What happened and what to do. */
    public String detail() {
        return getMessage();
    }

    /** Extra response headers, e.g. {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Adds a response header and returns this problem. */
    public Problem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /**
     * Names the outcome the audit log records for this refusal (e.g. {@code rate-limited});
     * without one the pipeline derives it from the status.
     */
    public Problem withOutcome(String outcome) {
        this.outcome = outcome;
        return this;
    }

    /** The audit outcome set with {@link #withOutcome}, or {@code null}. */
    public String outcome() {
        return outcome;
    }

    /**
     * The title Hatch gives a status wherever the refusal is made, in the pipeline or by the HTTP
     * server itself, so that one status always reads the same; {@code null} for a status Hatch has no title for.
     */
    public static String standardTitle(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 408 -> "Request timeout";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 416 -> "Range not satisfiable";
            case 429 -> "Too many requests";
            case 431 -> "Request header fields too large";
            case 501 -> "Not implemented";
            case 503 -> "Service unavailable";
            case 505 -> "HTTP version not supported";
            case 500 -> "Internal error";
            default -> null;
        };
    }

    /** 429 with {@code Retry-After}: the caller must slow down or wait (e.g. a cooldown). */
    public static Problem tooManyRequests(String detail, long retryAfterSeconds) {
        return new Problem(429, "Too many requests", detail).withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** 400: the request is malformed. */
    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad request", detail);
    }

    /** 403: the caller is known but may not do this. */
    public static Problem forbidden(String detail) {
        return new Problem(403, "Forbidden", detail);
    }

    /** 404: nothing here. */
    public static Problem notFound(String detail) {
        return new Problem(404, "Not found", detail);
    }

    /** 409: an operation of the same kind is running. */
    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    /** 503 with {@code Retry-After}. */
    public static Problem unavailable(String detail, long retryAfterSeconds) {
        return new Problem(503, "Service unavailable", detail).withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** The problem details for a refusal: its status, the detail, {@code Retry-After} when it has one, its audit outcome. */
    public static Problem of(dev.hatch.internal.security.Refused r) {
        int status = r.reason().status();
        String title = switch (status) {
            case 409 -> "Conflict";
            case 503 -> "Service unavailable";
            default -> "Too many requests";
        };
        Problem p = new Problem(status, title, r.detail()).withOutcome(r.reason().outcome());
        return r.retryAfterSeconds() >= 0 ? p.withHeader("Retry-After", Long.toString(r.retryAfterSeconds())) : p;
    }
}
