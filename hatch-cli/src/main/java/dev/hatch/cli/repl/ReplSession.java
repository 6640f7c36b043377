package dev.hatch.cli.repl;

import dev.hatch.cli.connection.HatchClient;
import dev.hatch.cli.output.CliException;
import dev.hatch.internal.http.Json;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One REPL session on the server: {@code POST /ops/repl/sessions} opens it,
 * {@code POST /ops/repl/sessions/{id}} with {@code {"code": ...}} evaluates a snippet,
 * {@code DELETE} closes it. The session keeps its state between snippets.
 */
final class ReplSession implements AutoCloseable {
    static final String WHAT = "REPL (or it is disabled on the server: hatch.repl.enabled=true enables it)";

    private final HatchClient client;
    private final Duration evalLimit;
    private URI uri;
    private String id;

    private ReplSession(HatchClient client, Duration evalLimit) {
        this.client = client;
        this.evalLimit = evalLimit;
    }

    /** Opens a session. */
    static ReplSession open(HatchClient client, Duration evalLimit) {
        ReplSession s = new ReplSession(client, evalLimit);
        s.start();
        return s;
    }

    /** Opens a fresh session in place of this one (after the server expired it). */
    void start() {
        HatchClient.Reply r = client.call("POST", client.target().resolve("/repl/sessions"), "{}", client.timeout(), WHAT);
        String newId = r.json("the REPL").get("id").str();
        String location = r.headers().firstValue("Location").orElse(null);
        if (newId == null && location == null) {
            throw CliException.failed("the server opened a REPL session but did not say which (no id)");
        }
        uri = location != null ? client.target().location(location) : client.target().resolve("/repl/sessions/" + newId);
        id = newId != null ? newId : uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
        if (location == null && !id.matches("[A-Za-z0-9._~-]{1,128}")) {
            throw CliException.failed("the server answered with a session id that is not URL-safe");
        }
    }

    String id() {
        return id;
    }

    /**
     * Sends a snippet. The future completes with the answer (also 404: the session expired) or
     * fails with a {@link CliException}; cancelling it abandons the wait.
     */
    CompletableFuture<HatchClient.Reply> eval(String code) {
        return client.callAsync("POST", uri, Json.write(Map.of("code", code)), evalLimit, "REPL session", 404);
    }

    /** Deletes the session on the server; failures are ignored (the server expires it anyway). */
    @Override
    public void close() {
        try {
            client.await(client.callAsync("DELETE", uri, null, Duration.ofSeconds(5), WHAT, 404), Duration.ofSeconds(6));
        } catch (CliException e) {
            // the server drops idle sessions by itself
        }
    }
}
