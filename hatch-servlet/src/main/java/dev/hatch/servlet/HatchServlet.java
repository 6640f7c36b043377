package dev.hatch.servlet;

import dev.hatch.Hatch;
import dev.hatch.Mounted;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Hatch's routes inside an existing Jakarta Servlet 6 server: the same pipeline
 * (authentication, scopes, audit) and the same handlers as the standalone endpoint. Map it to
 * {@code /ops/*}, ideally on a management-only connector or port:
 *
 * <pre>{@code
 * ServletContextHandler context = new ServletContextHandler("/");
 * context.addServlet(new ServletHolder(new HatchServlet(Hatch.builder()
 *         .token("oncall", "env:HATCH_ONCALL_TOKEN", Scope.MONITOR, Scope.DUMP))), "/ops/*");
 * }</pre>
 *
 * The host server owns connections, TLS and request-head limits; Hatch's per-request rules
 * (tokens, scopes, rate limits, body limits, audit) apply unchanged. {@code hatch.host} and
 * {@code hatch.port} are ignored.
 */
public class HatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Mounted hatch;

    /** Builds Hatch from the builder (validating it now: a wrong configuration fails here). */
    public HatchServlet(Hatch.Builder builder) {
        this(Objects.requireNonNull(builder, "builder").mount());
    }

    /** Serves an already mounted Hatch; the servlet closes it on {@link #destroy()}. */
    public HatchServlet(Mounted hatch) {
        this.hatch = Objects.requireNonNull(hatch, "hatch");
    }

    /** The mounted endpoint (for its generated token file, audit file and dump directory). */
    public Mounted hatch() {
        return hatch;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean complete = hatch.handle(new ServletHatchRequest(request), new ServletHatchResponse(response));
        if (!complete) {
            // The body was cut short after the status was sent: make the container abort the
            // connection rather than finish the response as if it were whole.
            throw new IOException("Hatch response aborted");
        }
    }

    @Override
    public void destroy() {
        hatch.close();
    }
}
