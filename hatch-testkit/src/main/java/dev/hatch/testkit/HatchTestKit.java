package dev.hatch.testkit;

import dev.hatch.Hatch;
import dev.hatch.spi.Mounted;
import java.util.Objects;

/**
 * Hatch's real request pipeline and handlers, called in memory: a request goes in, a response
 * comes out, and no socket, port or thread is involved. Admission, authentication, the scope
 * check, the audit record and the handler run exactly as they do behind the HTTP server; only
 * the transport is left out.
 *
 * <p>Use it for what does not depend on the transport: which routes exist, which scope each
 * needs, the problem details of a refusal, the JSON a route answers, and an application's own
 * {@link dev.hatch.Command commands} and {@link dev.hatch.HealthCheck health checks}. Keep tests
 * of TLS, connection limits, slow clients and streamed downloads on a real endpoint
 * ({@link Hatch.Builder#start()}): those are the transport's work. Every answer is held in memory,
 * so a heap dump is not something to fetch through the kit.
 *
 * <pre>{@code
 * try (HatchTestKit kit = HatchTestKit.of(Hatch.builder()
 *         .token("oncall", "sha256:...", Scope.MONITOR, Scope.OPERATE)
 *         .command(myCommand))) {
 *     Reply r = kit.post("/ops/commands/rebuild-index").token(plainToken).json("{\"shard\":3}").send();
 *     assertEquals(200, r.status());
 * }
 * }</pre>
 */
public final class HatchTestKit implements AutoCloseable {
    private final Mounted mounted;

    private HatchTestKit(Mounted mounted) {
        this.mounted = mounted;
    }

    /**
     * Builds the endpoint the builder describes, without its HTTP server. The builder's port,
     * address and TLS settings are not used; everything else (tokens, limits, audit file, dump
     * directory, commands, health checks) is.
     *
     * @throws dev.hatch.ConfigException when the configuration is wrong, as {@code start()} would
     */
    public static HatchTestKit of(Hatch.Builder builder) {
        return new HatchTestKit(Objects.requireNonNull(builder, "builder").mount());
    }

    /** A {@code GET} of a path with an optional query, e.g. {@code /ops/threads?format=text}. */
    public Call get(String target) {
        return call("GET", target);
    }

    /** A {@code POST} of a path with an optional query. */
    public Call post(String target) {
        return call("POST", target);
    }

    /** A {@code PUT} of a path with an optional query. */
    public Call put(String target) {
        return call("PUT", target);
    }

    /** A {@code DELETE} of a path with an optional query. */
    public Call delete(String target) {
        return call("DELETE", target);
    }

    /** A request with any method; the method is sent upper case, as a transport would. */
    public Call call(String method, String target) {
        return new Call(mounted, method, target);
    }

    /** The endpoint the kit drives, for its audit file, dump directory and generated token. */
    public Mounted mounted() {
        return mounted;
    }

    /** Closes the endpoint: audit log, helper threads, generated token file. Idempotent. */
    @Override
    public void close() {
        mounted.close();
    }
}
