package dev.hatch.internal.repl;

import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Json;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The REPL's routes, {@code repl} scope: {@code POST /ops/repl/sessions} opens a session (201 with
 * {@code Location}), {@code GET /ops/repl/sessions} lists the caller's sessions,
 * {@code POST /ops/repl/sessions/{id}} with {@code {"code": "..."}} evaluates, and
 * {@code DELETE /ops/repl/sessions/{id}} closes. The routes always exist; while the REPL is
 * disabled they answer 403, and where the JDK lacks {@code jdk.jshell} or {@code jdk.compiler}
 * they answer 501. Nothing that needs JShell is loaded before both checks pass, so the rest of
 * Hatch works on a runtime without those modules.
 */
public final class ReplRoutes implements Capability {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jshell").isPresent()
            && ModuleLayer.boot().findModule("jdk.compiler").isPresent();

    private final ReplConfig config;
    private final Path workDir;
    private Sessions sessions;
    private boolean closed;

    /**
     * @param workDir a private directory the REPL may create for classes it extracts from nested jars
     */
    public ReplRoutes(ReplConfig config, Path workDir) {
        this.config = config;
        this.workDir = workDir;
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(
                Route.post(Route.PREFIX + "/repl/sessions", Scope.REPL, "repl-open", this::open),
                Route.get(Route.PREFIX + "/repl/sessions", Scope.REPL, "repl-sessions", this::list),
                Route.post(Route.PREFIX + "/repl/sessions/{id}", Scope.REPL, "repl-eval", this::eval),
                new Route("DELETE", Route.PREFIX + "/repl/sessions/{id}", Scope.REPL, "repl-close", this::close));
    }

    private void open(Exchange ex) throws Exception {
        Sessions s = sessions(ex);
        Session session = s.open(ex.principal().name());
        ex.audit("session", session.id());
        ex.header("Location", Route.PREFIX + "/repl/sessions/" + session.id());
        ex.json(201, session.describe());
    }

    private void list(Exchange ex) throws Exception {
        Sessions s = sessions(ex);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessions", s.list(ex.principal().name()));
        ex.json(200, body);
    }

    private void eval(Exchange ex) throws Exception {
        Sessions s = sessions(ex);
        String id = ex.pathParam("id");
        ex.audit("session", id);
        Map<String, Object> request = Json.parseObject(ex.jsonBody());
        for (String key : request.keySet()) {
            if (!key.equals("code")) {
                throw Problem.badRequest("unknown field '" + key + "'; the body is {\"code\": \"...\"}");
            }
        }
        if (!(request.get("code") instanceof String code) || code.isBlank()) {
            throw Problem.badRequest("the body needs a non-empty \"code\" string, e.g. {\"code\": \"1 + 1\"}");
        }
        ex.audit("snippet", code);
        Map<String, Object> result = s.get(id, ex.principal().name()).eval(code);
        ex.audit("replOutcome", result.get("outcome"));
        ex.json(200, result);
    }

    private void close(Exchange ex) throws Exception {
        Sessions s = sessions(ex);
        String id = ex.pathParam("id");
        ex.audit("session", id);
        s.close(id, ex.principal().name());
    }

    private synchronized Sessions sessions(Exchange ex) throws Exception {
        if (!config.enabled()) {
            throw Problem.forbidden("the REPL is disabled; it exists only when the application enables it with"
                    + " hatch.repl.enabled=true (builder: replEnabled(true)), and a token needs the 'repl' scope");
        }
        if (!AVAILABLE) {
            throw new Problem(501, "Not implemented", "the REPL needs the jdk.jshell and jdk.compiler modules, which this"
                    + " Java runtime lacks (a JRE or a jlink image without them). Run the application on a full JDK, or"
                    + " build the image with jlink --add-modules jdk.jshell,jdk.compiler; everything else works without them");
        }
        ex.allowOnly(Set.of());
        if (closed) {
            throw Problem.unavailable("the endpoint is shutting down", 5);
        }
        if (sessions == null) {
            sessions = new Sessions(config, workDir);
        }
        return sessions;
    }

    /** Closes every session and puts {@code System.out} and {@code System.err} back. */
    @Override
    public synchronized void close() {
        closed = true;
        if (sessions != null) {
            sessions.close();
        }
    }
}
