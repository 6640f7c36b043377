package dev.hatch.internal.loggers;

import dev.hatch.internal.concurrent.SharedTimer;
import dev.hatch.internal.http.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Applies level changes and reverts the temporary ones on the shared timer thread
 * ({@code hatch-timer}). A second change of the same logger
 * while a revert is pending keeps the level from before the first change as the one to go back
 * to; a change without {@code revertAfter} cancels the pending revert. {@link #close()} puts
 * back every pending level at once: a temporary change never outlives the endpoint.
 */
final class LevelChanges implements AutoCloseable {
    static final int MAX_PENDING = 256;
    private static final System.Logger LOG = System.getLogger("dev.hatch.loggers");

    private final Map<String, Pending> pending = new HashMap<>();
    private SharedTimer scheduler;
    private boolean closed;

    /** What a change did. */
    record Result(Object previous, Instant revertAt) {
    }

    /** A scheduled revert. */
    record Pending(LoggingBackend backend, String name, Object original, Instant at, ScheduledFuture<?> future) {
    }

    synchronized Result apply(LoggingBackend backend, String name, LogLevel level, Duration revertAfter) {
        if (closed) {
            throw Problem.unavailable("Hatch is shutting down", 1);
        }
        String key = backend.id() + '\0' + name;
        Pending old = pending.get(key);
        if (old == null && revertAfter != null && pending.size() >= MAX_PENDING) {
            throw Problem.conflict(MAX_PENDING + " level changes are already waiting to be reverted; wait or make some permanent");
        }
        Object previous = backend.configured(name);
        Object original = old != null ? old.original() : previous;
        backend.set(name, level);
        if (old != null) {
            old.future().cancel(false);
            pending.remove(key);
        }
        Instant at = null;
        if (revertAfter != null) {
            at = Instant.now().plus(revertAfter);
            Pending[] self = new Pending[1];
            ScheduledFuture<?> f = scheduler().schedule(() -> revert(key, self), revertAfter.toNanos(), TimeUnit.NANOSECONDS);
            self[0] = new Pending(backend, name, original, at, f);
            pending.put(key, self[0]);
        }
        return new Result(previous, at);
    }

    /** The pending revert of a logger, or {@code null}. */
    synchronized Pending pending(String framework, String name) {
        return pending.get(framework + '\0' + name);
    }

    private synchronized void revert(String key, Pending[] self) {
        // Read under the lock: apply() fills it in before releasing the lock. The instance check
        // drops a revert that raced with a newer change of the same logger.
        Pending p = self[0];
        if (p == null || !pending.remove(key, p)) {
            return;
        }
        restore(p);
    }

    private static void restore(Pending p) {
        try {
            p.backend().restore(p.name(), p.original());
            LOG.log(System.Logger.Level.INFO, "reverted {0} logger {1} to {2}", p.backend().id(), p.name(),
                    p.original() == null ? "inherited level" : p.original());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not revert " + p.backend().id() + " logger " + p.name(), e);
        }
    }

    private SharedTimer scheduler() {
        if (scheduler == null) {
            scheduler = SharedTimer.acquire();
        }
        return scheduler;
    }

    /** Reverts every pending change now and stops the scheduler thread. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Pending p : pending.values()) {
            p.future().cancel(false);
            restore(p);
        }
        pending.clear();
        if (scheduler != null) {
            scheduler.close();
        }
    }
}
