package dev.hatch.internal.container;

import dev.hatch.Scope;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.security.Exclusive;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /ops/memory/container} (monitor): the container snapshot as JSON. {@code POST
 * /ops/memory/trim} (operate): the JVM's native-heap trim, with the resident set size before and
 * after; 409 where the JVM cannot trim, or while another trim runs.
 */
public final class ContainerRoutes {
    private static final System.Logger LOG = System.getLogger("dev.hatch.container");

    private final ContainerMemory memory;
    private final NativeTrim trim;
    private final Supplier<Map<String, Object>> trend;
    private final Exclusive trims = new Exclusive("native heap trim", Duration.ZERO);

    /**
     * Routes over these files and this JVM.
     *
     * @param trend the native-memory trend (the leak detector's), added as {@code trend}
     */
    public ContainerRoutes(ContainerMemory memory, Supplier<Map<String, Object>> trend) {
        this(memory, new NativeTrim(), trend);
    }

    ContainerRoutes(ContainerMemory memory, NativeTrim trim, Supplier<Map<String, Object>> trend) {
        this.memory = memory;
        this.trim = trim;
        this.trend = trend;
    }

    /** The routes. */
    public List<Route> routes() {
        return List.of(
                Route.get(Route.PREFIX + "/memory/container", Scope.MONITOR, "memory-container", this::container),
                Route.post(Route.PREFIX + "/memory/trim", Scope.OPERATE, "memory-trim", this::trim));
    }

    private void container(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        Map<String, Object> body;
        try {
            // Bounded: a few files of at most 64 KiB each and the JVM's beans; never throws by design.
            body = memory.snapshot().toJson();
            body.put("trend", trend.get());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "container memory snapshot failed (" + ex.correlationId() + ")", e);
            throw new Problem(500, "Internal error", "container memory could not be read; the service's log has the"
                    + " cause under correlation id " + ex.correlationId());
        }
        ex.json(200, body);
    }

    private void trim(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        String missing = trim.missing();
        if (missing != null) {
            throw Problem.conflict(missing);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        Exclusive.Claim claim = trims.claim();
        try {
            Long before = memory.residentBytes();
            long start = System.nanoTime();
            String said = trim.run();
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            Long after = memory.residentBytes();
            body.put("command", NativeTrim.COMMAND);
            body.put("rssBeforeBytes", before);
            body.put("rssAfterBytes", after);
            // Negative when the process grew meanwhile: other threads keep allocating.
            body.put("rssFellBytes", before == null || after == null ? null : before - after);
            body.put("durationMs", durationMs);
            body.put("jvmOutput", said);
        } finally {
            claim.close();
        }
        ex.audit("rssFellBytes", body.get("rssFellBytes"));
        ex.json(200, body);
    }
}
