package dev.hatch.servlet;

import dev.hatch.ConfigException;
import dev.hatch.Hatch;
import dev.hatch.spi.Mounted;
import jakarta.servlet.ServletException;
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
 *
 * <p>The client address that the lockout, the rate limits and the audit log count is
 * {@code getRemoteAddr()} unless a {@link ClientAddressSource} says otherwise, given to the
 * constructor or as the init-parameters {@code clientAddress} and {@code trustedProxies}. If
 * the container rewrites {@code getRemoteAddr()} from {@code X-Forwarded-For} for any sender,
 * fix that first: see docs/servlet.md.
 */
public class HatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Mounted hatch;
    private final transient ClientAddressSource configured;
    private transient ClientAddressSource clientAddress;

    /** Builds Hatch from the builder (validating it now: a wrong configuration fails here). */
    public HatchServlet(Hatch.Builder builder) {
        this(Objects.requireNonNull(builder, "builder").mount());
    }

    /** Serves an already mounted Hatch; the servlet closes it on {@link #destroy()}. */
    public HatchServlet(Mounted hatch) {
        this(hatch, null);
    }

    /**
     * Builds Hatch from the builder and takes client addresses from the given source.
     *
     * @param clientAddress e.g. {@code ClientAddressSource.header("X-Forwarded-For", "10.0.0.0/8")}
     */
    public HatchServlet(Hatch.Builder builder, ClientAddressSource clientAddress) {
        this(Objects.requireNonNull(builder, "builder").mount(), Objects.requireNonNull(clientAddress, "clientAddress"));
    }

    /** Serves an already mounted Hatch, taking client addresses from the source ({@code null}: {@code getRemoteAddr()} or the init-parameters). */
    public HatchServlet(Mounted hatch, ClientAddressSource clientAddress) {
        this.hatch = Objects.requireNonNull(hatch, "hatch");
        this.configured = clientAddress;
        this.clientAddress = clientAddress == null ? ClientAddressSource.remoteAddr() : clientAddress;
    }

    /**
     * Reads the init-parameters {@code clientAddress} ({@code remote-addr} or {@code header:NAME})
     * and {@code trustedProxies}; a wrong value fails the servlet's start.
     */
    @Override
    public void init() throws ServletException {
        String spec = getInitParameter(ClientAddressSource.CLIENT_ADDRESS_PARAM);
        String proxies = getInitParameter(ClientAddressSource.TRUSTED_PROXIES_PARAM);
        if (spec == null && proxies == null) {
            return;
        }
        if (configured != null) {
            throw new ServletException("the client address source is given both to the constructor (" + configured
                    + ") and as init-parameters; keep one");
        }
        try {
            clientAddress = ClientAddressSource.parse(spec == null ? "remote-addr" : spec, proxies);
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
    }

    /** Where client addresses are taken from. */
    public ClientAddressSource clientAddress() {
        return clientAddress;
    }

    /** The mounted endpoint (for its generated token file, audit file and dump directory). */
    public Mounted hatch() {
        return hatch;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean complete = hatch.handle(new ServletHatchRequest(request, clientAddress), new ServletHatchResponse(response));
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
