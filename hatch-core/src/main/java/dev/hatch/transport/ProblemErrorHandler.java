package dev.hatch.transport;

import dev.hatch.http.Json;
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
 */
final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                 List<Charset> charsets, int code, String message, Throwable cause) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", HttpStatus.getMessage(code));
        body.put("status", code);
        body.put("detail", switch (code) {
            case 431 -> "the request head is too large (hatch.limits.header-bytes)";
            case 414 -> "the request target is too long (hatch.limits.url-length)";
            default -> "the request could not be parsed";
        });
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Content.Sink.write(response, true, Json.write(body), callback);
        return true;
    }
}
