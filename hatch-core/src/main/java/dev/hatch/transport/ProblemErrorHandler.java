package dev.hatch.transport;

import dev.hatch.http.Json;
import dev.hatch.http.Pipeline;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before the pipeline runs (a malformed request line, a head over the size
 * limit: 400, 414, 431) come out as problem+json too: no HTML, no server version, no stack.
 * Each is reported to the audit log as a refusal.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final Pipeline pipeline;

    ProblemErrorHandler(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; a refused DELETE or PUT deserves a problem too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                 List<Charset> charsets, int code, String message, Throwable cause) {
        Map<String, Object> body = new LinkedHashMap<>();
        String detail = switch (code) {
            case 431 -> "the request head is too large (hatch.limits.header-bytes)";
            case 414 -> "the request target is too long (hatch.limits.url-length)";
            default -> "the request could not be parsed";
        };
        body.put("type", "about:blank");
        body.put("title", HttpStatus.getMessage(code));
        body.put("status", code);
        body.put("detail", detail);
        String client = Request.getRemoteAddr(request);
        pipeline.refusedByTransport(client, switch (code) {
            case 431 -> "head-too-large";
            case 414 -> "uri-too-long";
            case 400 -> "bad-request";
            default -> "refused";
        }, code, detail);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Content.Sink.write(response, true, Json.write(body), callback);
        return true;
    }
}
