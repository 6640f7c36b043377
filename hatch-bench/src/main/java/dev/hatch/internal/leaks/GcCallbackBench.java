package dev.hatch.internal.leaks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The leak detector's GC listener, {@link GcWatcher#handleNotification}, fed a real notification
 * the JVM sent for a young collection (captured once). The watcher is installed, so it knows the
 * old generation and the collectors, then detached from the JVM, so the benchmark's own
 * collections do not call it too and its storm mode stays off; one hook stands in for the
 * trigger hook every endpoint registers (no trigger armed). In package {@code dev.hatch.internal.leaks}
 * to check the recorded sample.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GcCallbackBench {
    private static final long CAPTURE_MS = 20_000;
    /** Where the capture's garbage escapes to, so that the JIT cannot remove the allocation. */
    private static volatile Object garbage;

    private GcWatcher watcher;
    private Notification notification;
    private Integer handback;
    /** What {@code Triggers.afterGc} reads with no trigger armed. */
    private volatile Object[] armed = new Object[0];

    /** Installs and detaches the watcher, captures a notification, and checks that it records the right sample. */
    @Setup
    public void setUp() throws InterruptedException {
        watcher = new GcWatcher();
        watcher.install();
        watcher.close(); // detached: only the benchmark calls it from here on
        if (watcher.oldPoolName() == null) {
            throw new IllegalStateException("no old generation pool on this JVM");
        }
        watcher.addHook((kind, used, max) -> {
            if (armed.length > 0) {
                throw new IllegalStateException("no trigger is armed");
            }
        });
        notification = capture();
        CompositeData data = (CompositeData) notification.getUserData();
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
        handback = watcher.collectorNames().indexOf(info.getGcName());
        if (handback < 0) {
            throw new IllegalStateException("no collector named " + info.getGcName() + " in " + watcher.collectorNames());
        }
        long before = watcher.written();
        watcher.handleNotification(notification, handback);
        SampleRing.Samples s = watcher.since(before);
        MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(watcher.oldPoolName());
        if (s.size() != 1 || after == null || s.after[0] != after.getUsed() || s.collector[0] != handback) {
            throw new IllegalStateException("the notification from " + info.getGcName() + " (" + info.getGcAction()
                    + ") did not record its sample");
        }
    }

    /** Waits for the JVM's next young collection (allocating to bring it on) and keeps its notification. */
    private static Notification capture() throws InterruptedException {
        AtomicReference<Notification> young = new AtomicReference<>();
        AtomicReference<Notification> any = new AtomicReference<>();
        NotificationListener listener = (n, hb) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            any.compareAndSet(null, n);
            GarbageCollectionNotificationInfo i = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            if (i.getGcAction().contains("minor")) {
                young.compareAndSet(null, n);
            }
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
        try {
            long deadline = System.currentTimeMillis() + CAPTURE_MS;
            long allocated = 0;
            while (young.get() == null && System.currentTimeMillis() < deadline) {
                for (int i = 0; i < 1_000; i++) {
                    garbage = new byte[1024];
                }
                allocated += 1_000 * 1024;
                Thread.onSpinWait();
            }
            garbage = null;
            if (young.get() == null && any.get() == null) {
                System.gc();
                Thread.sleep(500);
            }
            Notification n = young.get() != null ? young.get() : any.get();
            if (n == null) {
                throw new IllegalStateException("no GC notification within " + CAPTURE_MS + " ms (allocated " + allocated + " bytes)");
            }
            return n;
        } finally {
            for (NotificationEmitter e : emitters) {
                try {
                    e.removeNotificationListener(listener);
                } catch (ListenerNotFoundException ignored) {
                    // already gone
                }
            }
        }
    }

    /** One GC notification handled: read the old generation's usage before and after, classify, record, call the hook. */
    @Benchmark
    public void handleNotification() {
        watcher.handleNotification(notification, handback);
    }
}
