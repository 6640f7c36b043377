package dev.hatch.internal.leaks;

import java.lang.management.GarbageCollectorMXBean;
import javax.management.NotificationEmitter;

/** One collector the {@link GcWatcher} follows: its beans, whether it is listened to, and its notification rate. */
final class GcCollector {
    /** Above this many notifications a second (over 5 s) a collector is polled instead. */
    static final int STORM_PER_SECOND = 10;
    private static final long WINDOW_MS = 5000;

    final int index;
    final String name;
    final NotificationEmitter emitter;
    final com.sun.management.GarbageCollectorMXBean bean;
    volatile boolean listening = true;
    volatile String lastAction;
    private long windowStart;
    private int windowCount;

    GcCollector(int index, GarbageCollectorMXBean gc, NotificationEmitter emitter) {
        this.index = index;
        this.name = gc.getName();
        this.emitter = emitter;
        this.bean = gc instanceof com.sun.management.GarbageCollectorMXBean b ? b : null;
    }

    /** Counts a notification (on the notification thread); true when the last 5 s had more than the storm rate. */
    boolean stormy(long now) {
        if (now - windowStart >= WINDOW_MS) {
            boolean storm = windowCount > STORM_PER_SECOND * WINDOW_MS / 1000 && bean != null;
            windowStart = now;
            windowCount = 0;
            return storm;
        }
        windowCount++;
        return false;
    }
}
