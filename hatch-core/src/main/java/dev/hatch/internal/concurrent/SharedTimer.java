package dev.hatch.internal.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread, {@code hatch-timer}, on which all of Hatch's periodic work runs: the audit's
 * summaries and anchors, the minimum-rate watchdog, the leak detector's judgements, the stored
 * dumps' retention. Each component takes a handle with {@link #acquire()}, schedules through it,
 * and closes it; the thread exists while at least one handle is open, whatever the number of
 * endpoints in the JVM, and ends when the last one closes.
 *
 * <p>Tasks must be short: they share the thread. Work that takes long (a heap dump, a class
 * histogram) runs on a thread of its own that the task hands it to. A task that throws is
 * logged and keeps its schedule. Tasks of one handle run one at a time, in order, so a component
 * may use its handle to confine its state to the timer thread.
 */
public final class SharedTimer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.hatch");
    private static final Object LOCK = new Object();
    private static ScheduledThreadPoolExecutor executor;
    private static int handles;

    private final ScheduledThreadPoolExecutor timer;
    private final List<ScheduledFuture<?>> futures = new ArrayList<>();
    private volatile boolean closed;

    private SharedTimer(ScheduledThreadPoolExecutor timer) {
        this.timer = timer;
    }

    /** A handle on the timer thread, started if no handle is open. */
    public static SharedTimer acquire() {
        synchronized (LOCK) {
            if (executor == null) {
                ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("hatch-timer"));
                e.setRemoveOnCancelPolicy(true);
                e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                e.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
                executor = e;
            }
            handles++;
            return new SharedTimer(executor);
        }
    }

    /** Whether the timer thread is running (some handle is open); for tests. */
    static boolean running() {
        synchronized (LOCK) {
            return executor != null;
        }
    }

    /** Runs {@code task} once, as soon as the thread is free. */
    public void execute(Runnable task) {
        schedule(task, 0, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} once after the delay. One-shot tasks are not tracked (the transport
     * schedules one per connection): after {@link #close()} a pending one does nothing when its
     * time comes.
     */
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        if (closed) {
            throw new RejectedExecutionException("closed");
        }
        return timer.schedule(guarded(task, false), delay, unit);
    }

    /** Runs {@code task} every {@code period}, counted from each start. */
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
        synchronized (this) {
            return keep(timer.scheduleAtFixedRate(guarded(task, true), initialDelay, period, unit));
        }
    }

    /** Runs {@code task} with {@code delay} between the end of one run and the start of the next. */
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        synchronized (this) {
            return keep(timer.scheduleWithFixedDelay(guarded(task, true), initialDelay, delay, unit));
        }
    }

    private ScheduledFuture<?> keep(ScheduledFuture<?> f) {
        if (closed) {
            f.cancel(false);
            throw new RejectedExecutionException("closed");
        }
        futures.removeIf(ScheduledFuture::isDone);
        futures.add(f);
        return f;
    }

    private Runnable guarded(Runnable task, boolean periodic) {
        return () -> {
            if (closed) {
                if (periodic) {
                    throw new CancellationException("closed"); // ends the schedule
                }
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "a periodic Hatch task failed; it keeps its schedule", e);
            }
        };
    }

    /**
     * Cancels this handle's tasks (one that is running finishes) and refuses new ones; the thread
     * ends when no handle is left. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            futures.forEach(f -> f.cancel(false));
            futures.clear();
        }
        synchronized (LOCK) {
            if (--handles == 0 && executor == timer) {
                executor.shutdownNow();
                executor = null;
            }
        }
    }
}
