package dev.hatch.internal.transport;

import dev.hatch.internal.concurrent.SharedTimer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Jetty's timeouts (idle connections, Hatch's head deadlines) on the shared {@code hatch-timer}
 * instead of a scheduler thread of Jetty's own, which would stay alive for as long as the server
 * does once the first connection came in. Each task is short: it closes a connection or hands
 * work to the server's pool.
 */
final class TimerScheduler extends AbstractLifeCycle implements Scheduler {
    private static final Task NOT_SCHEDULED = () -> false;
    private volatile SharedTimer timer;

    @Override
    protected void doStart() {
        timer = SharedTimer.acquire();
    }

    @Override
    protected void doStop() {
        SharedTimer t = timer;
        timer = null;
        if (t != null) {
            t.close();
        }
    }

    @Override
    public Task schedule(Runnable task, long delay, TimeUnit unit) {
        SharedTimer t = timer;
        if (t == null) {
            return NOT_SCHEDULED; // stopped: the server is going away with its connections
        }
        try {
            ScheduledFuture<?> f = t.schedule(task, delay, unit);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException stopping) {
            return NOT_SCHEDULED;
        }
    }
}
