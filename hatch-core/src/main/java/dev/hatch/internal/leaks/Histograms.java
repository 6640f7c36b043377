package dev.hatch.internal.leaks;

import dev.hatch.internal.http.Problem;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Takes class histograms through the DiagnosticCommand MBean, one at a time (a live histogram
 * is a full, stop-the-world collection), and keeps the newest few in memory so that a later one
 * can be compared with them ({@code GET /ops/histogram?diff=h3}).
 */
public final class Histograms {
    /** Snapshots kept for {@code ?diff=}. */
    static final int KEPT = 8;

    private final Semaphore oneAtATime = new Semaphore(1);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Snapshot> kept = new LinkedHashMap<>();
    private volatile long lastPauseMs = -1;

    /**
     * Takes a histogram in the calling thread, waiting up to {@code waitMs} for one already
     * running (the detector's) to finish.
     *
     * @param live count reachable objects only (forces a full GC); otherwise everything, garbage included
     * @throws Problem 409 when another histogram is still running after the wait, 501 without the MBean
     */
    public Snapshot take(boolean live, long waitMs) {
        acquire(waitMs);
        try {
            MBeanServer server = server();
            long start = System.nanoTime();
            String text = invoke(server, live);
            long pauseMs = (System.nanoTime() - start) / 1_000_000;
            if (live) {
                lastPauseMs = pauseMs;
            }
            Snapshot s = Snapshot.parse("h" + sequence.incrementAndGet(), System.currentTimeMillis(), live, pauseMs, text, names);
            synchronized (kept) {
                kept.put(s.id(), s);
                while (kept.size() > KEPT) {
                    kept.remove(kept.keySet().iterator().next());
                }
            }
            return s;
        } finally {
            oneAtATime.release();
        }
    }

    /**
     * The JVM's histogram text of every object on the heap, garbage included ({@code
     * GC.class_histogram -all}): no collection, so it is safe when memory is scarce. Not kept.
     *
     * @throws Problem 409 when another histogram is still running after {@code waitMs}
     */
    public String allObjectsText(long waitMs) {
        acquire(waitMs);
        try {
            return invoke(server(), false);
        } finally {
            oneAtATime.release();
        }
    }

    /** Takes the one-at-a-time permit, waiting up to {@code waitMs}; the caller releases it. */
    private void acquire(long waitMs) {
        try {
            if (!oneAtATime.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
                throw Problem.conflict("a class histogram is already running; retry in a few seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problem.unavailable("interrupted while waiting for another histogram", 1);
        }
    }

    /** A kept snapshot, or null. */
    public Snapshot get(String id) {
        synchronized (kept) {
            return kept.get(id);
        }
    }

    /** The ids of the kept snapshots, oldest first. */
    public List<String> keptIds() {
        synchronized (kept) {
            return new ArrayList<>(kept.keySet());
        }
    }

    /** The duration of the last live histogram, pause included, or -1 before the first. */
    public long lastPauseMs() {
        return lastPauseMs;
    }

    /** The platform MBean server, created on first use (it costs a few hundred ms once, not a pause). */
    private static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    private static String invoke(MBeanServer server, boolean live) {
        try {
            ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
            Object out = server.invoke(name, "gcClassHistogram", new Object[] {live ? new String[0] : new String[] {"-all"}},
                    new String[] {String[].class.getName()});
            return String.valueOf(out);
        } catch (javax.management.InstanceNotFoundException e) {
            throw new Problem(501, "Not implemented", "this JVM has no DiagnosticCommand MBean, so it cannot take class histograms");
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("class histogram failed: " + e.getMessage(), e);
        }
    }
}
