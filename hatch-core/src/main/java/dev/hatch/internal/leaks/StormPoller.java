package dev.hatch.internal.leaks;

import dev.hatch.internal.concurrent.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Storm mode. Delivering one GC notification costs the JVM about half a millisecond of CPU
 * whoever listens (measured: an empty listener, JDK 17), so a collector that runs more than ten
 * times a second is no longer listened to but polled five times a second through
 * {@code getLastGcInfo()} on a daemon thread ({@code hatch-gc-poll}); the samples look the same,
 * just fewer. Once it has run fewer than four times a second for 30 s, notifications resume.
 */
final class StormPoller implements AutoCloseable {
    static final long POLL_MS = 200;
    static final long CALM_WINDOW_MS = 30_000;
    static final double CALM_PER_SECOND = 4;
    private static final System.Logger LOG = System.getLogger("dev.hatch.leaks");

    private final GcWatcher watcher;
    private final List<Polled> polled = new ArrayList<>();
    private ScheduledExecutorService executor;
    private boolean closed;

    StormPoller(GcWatcher watcher) {
        this.watcher = watcher;
    }

    /** Switches a collector to polling; called on the notification thread, does the switch off it. */
    synchronized void poll(GcCollector c) {
        if (closed || !c.listening) {
            return;
        }
        if (executor == null) {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("hatch-gc-poll"));
            e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            executor = e;
            executor.scheduleWithFixedDelay(this::tick, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        }
        executor.execute(() -> start(c));
    }

    private void start(GcCollector c) {
        synchronized (this) {
            if (closed || !c.listening) {
                return;
            }
        }
        // Not under this lock: removing a listener may wait for a notification being delivered,
        // and that delivery may be calling poll().
        watcher.listen(c, false);
        synchronized (this) {
            polled.add(new Polled(c, System.currentTimeMillis(), c.bean.getCollectionCount()));
        }
        LOG.log(System.Logger.Level.INFO, "GC storm: {0} runs more than {1} times a second; the leak detector polls it instead of"
                + " listening to every collection", c.name, GcCollector.STORM_PER_SECOND);
    }

    private void tick() {
        List<Polled> now;
        synchronized (this) {
            now = new ArrayList<>(polled);
        }
        long t = System.currentTimeMillis();
        for (Polled p : now) {
            try {
                com.sun.management.GcInfo info = p.collector.bean.getLastGcInfo();
                if (info != null && info.getId() != p.lastId) {
                    p.lastId = info.getId();
                    watcher.polled(p.collector, info);
                }
                if (t - p.windowStart >= CALM_WINDOW_MS) {
                    long count = p.collector.bean.getCollectionCount();
                    double rate = (count - p.windowCount) * 1000.0 / (t - p.windowStart);
                    p.windowStart = t;
                    p.windowCount = count;
                    if (rate < CALM_PER_SECOND) {
                        boolean resume;
                        synchronized (this) {
                            polled.remove(p);
                            resume = !closed;
                        }
                        if (resume) {
                            watcher.listen(p.collector, true);
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "GC poll failed", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
        polled.clear();
    }

    /** A collector being polled. */
    private static final class Polled {
        final GcCollector collector;
        long lastId = -1;
        long windowStart;
        long windowCount;

        Polled(GcCollector collector, long windowStart, long windowCount) {
            this.collector = collector;
            this.windowStart = windowStart;
            this.windowCount = windowCount;
        }
    }
}
