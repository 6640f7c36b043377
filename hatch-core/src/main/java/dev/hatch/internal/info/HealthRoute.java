package dev.hatch.internal.info;

import dev.hatch.HealthCheck;
import dev.hatch.Scope;
import dev.hatch.internal.concurrent.DaemonThreads;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Route;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /ops/health}: runs the application's checks, each with a time limit on a small
 * bounded pool, so a hanging check reads as DOWN instead of hanging the endpoint.
 */
public final class HealthRoute implements Capability {
    private final Map<String, HealthCheck> checks;
    private final Duration timeout;
    private final ThreadPoolExecutor pool;

    /** Serves the given checks with the given time limit each. */
    public HealthRoute(Map<String, HealthCheck> checks, Duration timeout) {
        this.checks = Map.copyOf(checks);
        this.timeout = timeout;
        this.pool = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), DaemonThreads.numbered("hatch-health"));
    }

    /** The route. */
    @Override
    public List<Route> routes() {
        return List.of(route());
    }

    /** The health route. */
    public Route route() {
        return Route.get(Route.PREFIX + "/health", Scope.MONITOR, "health", this::handle);
    }

    private void handle(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        Map<String, Object> results = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, HealthCheck> e : new java.util.TreeMap<>(checks).entrySet()) {
            Map<String, Object> r = run(e.getValue());
            up &= "UP".equals(r.get("status"));
            results.put(e.getKey(), r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        if (ex.principal() != null) {
            body.put("checks", results);
        }
        ex.json(up ? 200 : 503, body);
    }

    private Map<String, Object> run(HealthCheck check) {
        long start = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        HealthCheck.Result result;
        try {
            Future<HealthCheck.Result> f = pool.submit(check::check);
            try {
                result = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                result = HealthCheck.Result.down("no answer within " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                result = HealthCheck.Result.down("failed: " + e.getCause().getClass().getName());
            }
        } catch (RejectedExecutionException e) {
            result = HealthCheck.Result.down("too many health checks still running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = HealthCheck.Result.down("interrupted");
        }
        if (result == null) {
            result = HealthCheck.Result.down("the check returned null");
        }
        r.put("status", result.healthy() ? "UP" : "DOWN");
        if (result.detail() != null) {
            r.put("detail", result.detail());
        }
        r.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        return r;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
