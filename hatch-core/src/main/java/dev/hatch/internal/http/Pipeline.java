package dev.hatch.internal.http;

import dev.hatch.Limits;
import dev.hatch.internal.audit.AuditLog;
import dev.hatch.internal.security.Admission;
import dev.hatch.internal.security.Authenticator;
import dev.hatch.internal.security.Principal;
import dev.hatch.internal.security.Refused;
import dev.hatch.spi.HatchRequest;
import dev.hatch.spi.HatchResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one path every request takes, whatever the transport: admission (lockout, sizes) →
 * authentication (with per-address rate limits) → route → scope check → a handler slot →
 * handler, with one audit record per request (refusals summarised when they flood; an
 * {@code intent} record first for scopes that refuse when the audit log cannot be written) and
 * problem+json for every error. Unauthenticated callers get 401 on every path, existing or
 * not, so a scanner learns nothing about which routes exist.
 */
public final class Pipeline {
    private static final System.Logger LOG = System.getLogger("dev.hatch");
    private static final int MAX_AUDITED_PATH = 256;
    /**
     * Refusals that close the connection: the request's body or target was not read, so the
     * connection cannot carry another request (so does any refusal, before a handler ran, of a
     * request that sent a body). Other refusals (401, 429, 503) keep it: a client
     * that retries on it costs a lookup, while a new connection would cost the server an accept
     * and a TLS handshake, more than the refusal itself (docs/performance.md).
     */
    private static final Set<Integer> CLOSE_AFTER = Set.of(408, 413, 414);
    /** Audit outcome of a request refused because its audit record could not be written. */
    public static final String AUDIT_FAILED = "audit-failed";
    /** Outcomes summarised in the audit log even for authenticated callers. */
    private static final Set<String> SUMMARISED = Set.of(Admission.RATE_LIMITED, Admission.LOCKED_OUT, Admission.OVERLOADED,
            Admission.OVER_SHARE);

    /**
     * The headers on every response, the transport's own refusals included: nothing cached,
     * sniffed, framed, loaded or referred.
     */
    public static final Map<String, String> SECURITY_HEADERS = securityHeaderMap();

    private final Router router;
    private final Authenticator authenticator;
    private final AuditLog audit;
    private final Set<String> publicRoutes;
    private final int maxUrlLength;
    private final int maxQueryParameters;
    private final int maxBodyBytes;
    private final Admission admission;
    private final DataRates rates;
    private final RequestMetrics requestMetrics = new RequestMetrics();

    /**
     * A pipeline over the given parts.
     *
     * @param publicRoutes names of routes served without credentials
     * @param admission the rate limits, lockout and handler slots checked before anything expensive
     * @param rates the minimum data rates of requests that hold a handler slot
     */
    public Pipeline(Router router, Authenticator authenticator, AuditLog audit, Set<String> publicRoutes,
                    Limits limits, Admission admission, DataRates rates) {
        this.router = router;
        this.authenticator = authenticator;
        this.audit = audit;
        this.publicRoutes = Set.copyOf(publicRoutes);
        this.maxUrlLength = limits.maxUrlLength();
        this.maxQueryParameters = limits.maxQueryParameters();
        this.maxBodyBytes = limits.maxBodyBytes();
        this.admission = admission;
        this.rates = rates;
    }

    /** The counters of the requests this pipeline served, for {@code GET /ops/metrics}. */
    public RequestMetrics requestMetrics() {
        return requestMetrics;
    }

    /** The routes this pipeline serves. */
    public Router router() {
        return router;
    }

    /** The header the web console sets on its periodic refreshes ({@value #CONSOLE_POLL}). */
    static final String CONSOLE_HEADER = "X-Hatch-Console";
    static final String CONSOLE_POLL = "poll";

    /**
     * Serves one request.
     *
     * @return {@code false} when the response failed after it was committed; the transport must
     *     then abort the connection so the client sees a truncated response, not a complete one
     */
    public boolean handle(HatchRequest request, HatchResponse response) {
        long start = System.nanoTime();
        String id = newId();
        CountingResponse res = new CountingResponse(response, declaresBody(request));
        Map<String, Object> record = openRecord(id, request.remoteAddress(), request.method(), request.path());
        if ("GET".equals(request.method()) && CONSOLE_POLL.equals(request.header(CONSOLE_HEADER))) {
            // The console's periodic refreshes say so, and its audit view hides them by default. A
            // display hint only: the record is written like any other, and the console hides a
            // marked record only when it is one of the GETs it polls.
            record.put("consolePoll", true);
        }
        String path = request.path();
        Principal principal = null;
        Route route = null;
        Exchange exchange = null;
        DataRates.Meter meter = null;
        String outcome;
        boolean completed = true;
        try {
            securityHeaders(res);
            admit(request);
            Router.Match match = router.match(request.method(), path);
            route = match.route();
            // Public: routes named in hatch.public, and static assets (Route.publicAsset) that hold no data.
            principal = authenticate(request, route != null && (route.publicAsset() || publicRoutes.contains(route.name())));
            if (route == null) {
                if (match.methodNotAllowed()) {
                    String hint = RouteHints.suggest(router, principal, request.method(), path);
                    throw new Problem(405, "Method not allowed", request.method() + " is not supported on "
                            + QueryString.printable(path) + "; it answers " + match.allowHeader()
                            + (hint == null ? "" : ". Did you mean " + hint + "?"))
                            .withHeader("Allow", match.allowHeader());
                }
                String hint = RouteHints.suggest(router, principal, null, path);
                throw Problem.notFound("no route " + QueryString.printable(path)
                        + (hint == null ? "" : "; did you mean " + hint + "?") + "; GET /ops lists the routes your token may call");
            }
            if (principal != null && !principal.has(route.scope())) {
                throw Problem.forbidden("token '" + principal.name() + "' lacks the '" + route.scope().id()
                        + "' scope that " + route.method() + " " + route.template() + " requires");
            }
            if (route.stateChanging() && "cross-site".equals(request.header("Sec-Fetch-Site"))) {
                throw Problem.forbidden("cross-site browser requests may not change state");
            }
            meter = rates.meter(request::abortConnection);
            exchange = new Exchange(request, res, principal, match.params(),
                    QueryString.parse(request.rawQuery(), maxQueryParameters), id, maxBodyBytes, meter, router.routes());
            Admission.Slot slot = admission.enter(principal == null ? null : principal.name());
            try (DataRates.Meter watched = meter) {
                writeIntent(record, principal, route);
                watched.watch();
                res.meter(watched);
                route.handler().handle(exchange);
                if (!res.committed()) {
                    res.status(204);
                }
                res.finish();
            } finally {
                slot.close();
            }
            outcome = "ok";
        } catch (Problem | Refused refusal) {
            Problem p = refusal instanceof Refused r ? Problem.of(r) : (Problem) refusal;
            outcome = p.outcome() != null ? p.outcome()
                    : p.status() == 401 ? "unauthenticated" : p.status() == 403 ? "forbidden" : "refused";
            if (CLOSE_AFTER.contains(p.status())) {
                // What was declared was not read (a body or target over the limits): the connection is done.
                res.header("Connection", "close");
            }
            completed = writeProblem(res, p, id);
        } catch (IOException e) {
            String slow = meter == null ? null : meter.violation();
            if (slow != null) {
                // The watchdog closed the connection (or, on a transport that cannot, this is the next read or write).
                outcome = DataRates.TOO_SLOW;
                record.put("error", slow);
                if (res.committed()) {
                    completed = false;
                } else {
                    res.header("Connection", "close");
                    completed = writeProblem(res, new Problem(408, "Request timeout", slow
                            + "; the request was cut to free its handler slot"), id);
                }
            } else if (res.committed() || e instanceof ClientGoneException) {
                outcome = "aborted";
                record.put("error", "client went away: " + (e instanceof ClientGoneException
                        ? "while sending the body" : e.getClass().getSimpleName()));
                completed = false;
            } else {
                outcome = "error";
                completed = internalError(res, id, e);
            }
        } catch (Exception | LinkageError | AssertionError e) {
            outcome = "error";
            completed = internalError(res, id, e);
        }
        String slow = meter == null ? null : meter.violation();
        if (slow != null && !outcome.equals("ok") && !outcome.equals(DataRates.TOO_SLOW)) {
            outcome = DataRates.TOO_SLOW; // a handler wrapped the failed read or write
            record.put("error", slow);
        }
        record.put("principal", principal == null ? "anonymous" : principal.name());
        record.put("route", route == null ? null : route.name());
        record.put("outcome", outcome);
        record.put("status", res.status());
        record.put("bytes", res.bytes());
        record.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        if (exchange != null) {
            record.putAll(exchange.auditDetails());
        }
        if (principal == null && res.status() >= 400 && !outcome.equals("ok") || SUMMARISED.contains(outcome)) {
            audit.refusal(record);
        } else {
            audit.append(record);
        }
        requestMetrics.record(route == null ? null : route.name(), res.status(), outcome, System.nanoTime() - start);
        return completed;
    }

    /**
     * Records a request or connection the transport refused before the pipeline saw it (a
     * malformed or oversized head, a connection over a limit, a head that came too slowly).
     * Such refusals are summarised in the audit log like any other flood.
     *
     * @param status the status sent, or 0 when the connection was closed without a response
     * @return the refusal's correlation id, for the transport's problem body
     */
    public String refusedByTransport(String client, String outcome, int status, String detail) {
        String id = newId();
        Map<String, Object> record = openRecord(id, client, null, null);
        record.put("principal", "anonymous");
        record.put("outcome", outcome);
        record.put("status", status);
        record.put("detail", detail);
        audit.refusal(record);
        return id;
    }

    /**
     * For a scope that refuses on audit failure (hatch.audit.on-failure): the request's
     * {@code intent} record is handed to the operating system before the handler runs, or the
     * request is refused. No record, no action.
     */
    private void writeIntent(Map<String, Object> record, Principal principal, Route route) {
        if (!audit.refusesOnFailure(route.scope())) {
            return;
        }
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("time", record.get("time"));
        intent.put("id", record.get("id"));
        intent.put("type", "intent");
        intent.put("client", record.get("client"));
        intent.put("method", record.get("method"));
        intent.put("path", record.get("path"));
        intent.put("principal", principal == null ? "anonymous" : principal.name());
        intent.put("route", route.name());
        String failure = audit.intent(intent);
        if (failure != null) {
            throw new Problem(503, "Service unavailable", "the audit log cannot be written (" + failure + "); with"
                    + " hatch.audit.on-failure=refuse (the default for the " + route.scope().id() + " scope) a request is"
                    + " refused, and its handler not run, until its audit record can be written")
                    .withOutcome(AUDIT_FAILED);
        }
    }

    /** Whether the request carries a body (a positive Content-Length, or chunked). */
    private static boolean declaresBody(HatchRequest request) {
        return request.contentLength() > 0 || request.header("Transfer-Encoding") != null;
    }

    /** Admission before anything else: the address's lockout, then the size of what it sends. */
    private void admit(HatchRequest request) {
        admission.checkLockout(request.remoteAddress());
        long declared = request.contentLength();
        if (declared > maxBodyBytes) {
            throw new Problem(413, "Payload too large", "the request body is larger than " + maxBodyBytes
                    + " bytes (hatch.limits.body-bytes)");
        }
        int targetLength = request.path().length() + (request.rawQuery() == null ? 0 : request.rawQuery().length() + 1);
        if (targetLength > maxUrlLength) {
            throw new Problem(414, "URI too long", "the request target is longer than " + maxUrlLength
                    + " characters (hatch.limits.url-length)");
        }
    }

    /**
     * The caller, by bearer token or client certificate; {@code null} on a public route called
     * without credentials. Counts the request against the address's rate (strict without valid
     * credentials) and wrong credentials against its lockout.
     */
    private Principal authenticate(HatchRequest request, boolean isPublic) {
        String client = request.remoteAddress();
        String authorization = request.header("Authorization");
        if (authorization != null && request.headerCount("Authorization") > 1) {
            // Which of two credentials counts must never depend on a proxy's or a library's choice.
            admission.failedCredentials(client);
            admission.anonymousRequest(client);
            throw new Problem(401, "Unauthorized", "the request has more than one Authorization header; send exactly one")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"hatch\", error=\"invalid_request\"");
        }
        List<X509Certificate> certificates = request.clientCertificates();
        if (authorization == null && certificates.isEmpty() && isPublic) {
            admission.anonymousRequest(client);
            return null;
        }
        Optional<Principal> principal = authenticator.authenticate(authorization, certificates);
        if (principal.isEmpty()) {
            if (authorization != null) {
                admission.failedCredentials(client);
            }
            admission.anonymousRequest(client);
            throw unauthorized(authorization);
        }
        admission.authenticatedRequest(client);
        return principal.get();
    }

    private static String newId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    private static Map<String, Object> openRecord(String id, String client, String method, String path) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("time", Instant.now().toString());
        record.put("id", id);
        record.put("client", client);
        record.put("method", method);
        record.put("path", path == null || path.length() <= MAX_AUDITED_PATH ? path : path.substring(0, MAX_AUDITED_PATH) + "...");
        return record;
    }

    private static Problem unauthorized(String authorization) {
        Problem p = new Problem(401, "Unauthorized", authorization == null
                ? "send a token: Authorization: Bearer <token>"
                : "the token is not valid; check the token file or ask for a new token");
        return p.withHeader("WWW-Authenticate", authorization == null
                ? "Bearer realm=\"hatch\"" : "Bearer realm=\"hatch\", error=\"invalid_token\"");
    }

    private boolean internalError(CountingResponse res, String id, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "request " + id + " failed", e);
        return writeProblem(res, new Problem(500, "Internal error",
                "the request failed inside Hatch; the application log has the details under id " + id), id);
    }

    private static void securityHeaders(HatchResponse res) {
        SECURITY_HEADERS.forEach(res::header);
        // Jetty sends its own; a servlet container may not. Replaced, never doubled.
        res.header("Date", HttpDates.format(Instant.now()));
    }

    private static Map<String, String> securityHeaderMap() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        h.put("Referrer-Policy", "no-referrer");
        return Collections.unmodifiableMap(h);
    }

    private static boolean writeProblem(CountingResponse res, Problem p, String id) {
        if (res.committed()) {
            return false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.detail());
        body.put("correlationId", id);
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        res.status(p.status());
        p.headers().forEach(res::header);
        res.header("Content-Type", "application/problem+json");
        res.header("Content-Length", Integer.toString(bytes.length));
        try (OutputStream out = res.body()) {
            out.write(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
