package dev.hatch.internal.transport;

import dev.hatch.internal.http.Json;
import dev.hatch.internal.http.Pipeline;
import dev.hatch.internal.http.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every answer Jetty makes itself, before the pipeline runs (a malformed request line, a head
 * or target over the size limit, an unknown HTTP version: 400, 414, 431, 505, ...), comes out
 * like the pipeline's own refusals: problem+json with a correlation id and the same security
 * headers, whatever the request's {@code Accept} header says; no HTML, no server version, no
 * stack. Each is reported to the audit log as a refusal under that id.
 *
 * <p>The whole of {@link ErrorHandler#handle} is replaced, not just the body it negotiates:
 * Jetty's own version writes no body at all for some {@code Accept} headers and methods.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final Pipeline pipeline;

    ProblemErrorHandler(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
            code = http.getCode();
        }
        if (code < 400 || code > 599) {
            code = HttpStatus.INTERNAL_SERVER_ERROR_500;
        }
        String detail = switch (code) {
            case 431 -> "the request head is too large (hatch.limits.header-bytes)";
            case 414 -> "the request target is too long (hatch.limits.url-length)";
            case 505 -> "only HTTP/1.0 and HTTP/1.1 are served";
            case 500 -> "the request failed in the HTTP server";
            default -> "the request could not be parsed";
        };
        String outcome = switch (code) {
            case 431 -> "head-too-large";
            case 414 -> "uri-too-long";
            case 400 -> "bad-request";
            case 505 -> "version-not-supported";
            default -> "refused";
        };
        String id = pipeline.refusedByTransport(Request.getRemoteAddr(request), outcome, code, detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        String title = Problem.standardTitle(code);
        body.put("title", title != null ? title : HttpStatus.getMessage(code));
        body.put("status", code);
        body.put("detail", detail);
        body.put("correlationId", id);
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(code);
        Pipeline.SECURITY_HEADERS.forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
