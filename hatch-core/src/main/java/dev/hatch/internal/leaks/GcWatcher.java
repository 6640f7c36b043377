package dev.hatch.internal.leaks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Listens to the end of every garbage collection and records the old generation's usage after
 * it in a ring of primitive arrays. The listener runs on the JVM's notification thread: it does
 * a constant amount of work, reads the notification's open data directly (no {@code GcInfo}
 * conversion) and allocates next to nothing. Readers copy samples out under the ring's lock.
 *
 * <p>Each sample is classified by whether that collection actually collected the old generation,
 * because only then is the usage after it an estimate of what is live:
 * <ul>
 * <li>{@link #MAJOR}: a full or major collection ("end of major GC": G1 Old Generation, PS
 *     MarkSweep, MarkSweepCompact) or a whole-heap cycle (ZGC Cycles, ZGC Major Cycles,
 *     Shenandoah Cycles);</li>
 * <li>{@link #SHRUNK}: a young collection after which the old generation is smaller than
 *     before — G1 reports its mixed collections as "G1 Young Generation" and this is the only
 *     sign of them;</li>
 * <li>{@link #MINOR}: anything else (young collections, G1's JDK 25 "G1 Concurrent GC" remark and
 *     cleanup pauses, ZGC minor cycles): the old generation still holds whatever garbage was
 *     promoted, so the value is only an upper bound.</li>
 * </ul>
 * Notifications that carry no usage (ZGC and Shenandoah "Pauses" managers) are ignored.
 *
 * <p>A quiet program may run no collection for hours. So the detector also reads the heap on a
 * timer ({@link #sampleNow}) when no collection was recorded for a while: {@link #SAMPLED}
 * samples, the whole heap's usage at that moment (young objects included: in a quiet program
 * that is where new objects, leaked or not, sit), an upper bound of what is live. It never
 * forces a collection and calls no hooks.
 */
public final class GcWatcher implements NotificationListener, AutoCloseable {
    /** Kind of sample: the old generation was not collected; an upper bound. */
    public static final int MINOR = 0;
    /** Kind of sample: a young collection that shrank the old generation (G1 mixed). */
    public static final int SHRUNK = 1;
    /** Kind of sample: a full, major or whole-heap collection. */
    public static final int MAJOR = 2;
    /** Kind of sample: read on the detector's timer without a collection (the heap's usage then); an upper bound. */
    public static final int SAMPLED = 3;
    /** The collector number of {@link #SAMPLED} samples: no collector. */
    static final int TIMER = Byte.MAX_VALUE;

    private static final System.Logger LOG = System.getLogger("dev.hatch.leaks");
    private static final String NOTIFICATION = "com.sun.management.gc.notification";

    /** Called on the notification thread after every recorded sample: must be quick and never block. */
    public interface Hook {
        /** One collection ended. */
        void afterGc(int kind, long oldUsedAfter, long oldMax);
    }

    private final SampleRing ring = new SampleRing();
    private long listenerNanos;
    private long ignored;

    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final List<GcCollector> collectors = new ArrayList<>();
    private final StormPoller storm = new StormPoller(this);
    private volatile boolean installed;
    private String oldPool;
    private long oldMax;
    private long jvmStart;
    private java.util.function.LongSupplier heapUsed = () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    private java.util.function.LongSupplier oldUsed = () -> -1;
    private long timerSamples;

    /** Registers the listener on every collector; idempotent. Cheap but touches the management beans. */
    public synchronized void install() {
        if (installed) {
            return;
        }
        MemoryPoolMXBean pool = oldGenPool(ManagementFactory.getMemoryPoolMXBeans());
        oldPool = pool == null ? null : pool.getName();
        if (pool != null) {
            oldUsed = () -> pool.getUsage().getUsed();
        }
        long max = pool == null ? -1 : pool.getUsage().getMax();
        oldMax = max > 0 ? max : Runtime.getRuntime().maxMemory();
        jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && collectors.size() < Byte.MAX_VALUE) {
                GcCollector c = new GcCollector(collectors.size(), gc, emitter);
                collectors.add(c);
                emitter.addNotificationListener(this, null, c.index);
            }
        }
        installed = true;
    }

    /** For tests: an old generation of the given size, without listening to the JVM. */
    synchronized void assume(String pool, long max) {
        oldPool = pool;
        oldMax = max;
    }

    /** For tests: where {@link #sampleNow} reads the heap's usage. */
    synchronized void assumeHeapUsed(java.util.function.LongSupplier used) {
        heapUsed = used;
    }

    /**
     * Records a {@link #SAMPLED} sample, read from the management beans (microseconds, no
     * collection): in the ring its "before" is the heap's usage now and its "after" the old
     * generation's usage now (-1 when unknown). For the detector's timer, when no collection was
     * recorded for a sample interval. Calls no hooks: nothing was collected.
     */
    void sampleNow(long nowMs) {
        java.util.function.LongSupplier heap;
        java.util.function.LongSupplier old;
        synchronized (this) {
            if (oldPool == null) {
                return;
            }
            heap = heapUsed;
            old = oldUsed;
        }
        long used = heap.getAsLong();
        if (used < 0) {
            return;
        }
        ring.add(nowMs, used, old.getAsLong(), SAMPLED, TIMER);
        synchronized (this) {
            timerSamples++;
        }
    }

    /** How many {@link #SAMPLED} samples the timer recorded. */
    public synchronized long timerSamples() {
        return timerSamples;
    }

    /** Whether the listener is registered. */
    public boolean installed() {
        return installed;
    }

    /** The old generation's pool name, e.g. {@code G1 Old Gen}; null before install or when there is none. */
    public String oldPoolName() {
        return oldPool;
    }

    /** The old generation's maximum size (the heap's when the pool has none). */
    public long oldMax() {
        return oldMax;
    }

    /** Names of the collectors, indexed as the samples' collector numbers. */
    public synchronized List<String> collectorNames() {
        List<String> names = new ArrayList<>();
        for (GcCollector c : collectors) {
            names.add(c.name);
        }
        return names;
    }

    /** Names of the collectors that are polled rather than listened to (GC storm), for {@code GET /ops/memory}. */
    public synchronized List<String> polledCollectors() {
        List<String> names = new ArrayList<>();
        for (GcCollector c : collectors) {
            if (!c.listening) {
                names.add(c.name);
            }
        }
        return names;
    }

    /** Adds a hook called after every recorded sample. */
    public void addHook(Hook hook) {
        hooks.add(hook);
    }

    /** Removes a hook. */
    public void removeHook(Hook hook) {
        hooks.remove(hook);
    }

    /** Picks the pool that holds long-lived objects: "Old"/"Tenured" by name, else the only heap pool. */
    static MemoryPoolMXBean oldGenPool(List<MemoryPoolMXBean> pools) {
        MemoryPoolMXBean single = null;
        int heapPools = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() != MemoryType.HEAP) {
                continue;
            }
            String n = p.getName().toLowerCase(Locale.ROOT);
            if (n.contains("old") || n.contains("tenured")) {
                return p;
            }
            heapPools++;
            single = p;
        }
        return heapPools == 1 ? single : null;
    }

    /** Classifies a collection; see the class comment. {@code -1}: no usage information, ignore. */
    static int classify(String gcName, String action, long usedBefore, long usedAfter) {
        if (usedBefore == 0 && usedAfter == 0) {
            return -1;
        }
        String a = action == null ? "" : action;
        String n = gcName == null ? "" : gcName;
        if (has(a, "concurrent")) {
            return MINOR;
        }
        if (has(a, "major")) {
            return MAJOR;
        }
        if (has(n, "minor")) {
            return MINOR;
        }
        if (has(a, "cycle")) {
            return MAJOR;
        }
        return usedAfter < usedBefore ? SHRUNK : MINOR;
    }

    /** Whether {@code text} contains {@code word} (lower case), ignoring case, without allocating. */
    private static boolean has(String text, String word) {
        for (int i = 0, last = text.length() - word.length(); i <= last; i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!NOTIFICATION.equals(notification.getType()) || oldPool == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            GcCollector c = collectors.get((Integer) handback);
            CompositeData data = (CompositeData) notification.getUserData();
            CompositeData info = (CompositeData) data.get("gcInfo");
            // Scanning the rows is ~5x cheaper than TabularData.get(key) or GarbageCollectionNotificationInfo.from.
            long usedAfter = used((TabularData) info.get("memoryUsageAfterGc"));
            long usedBefore = used((TabularData) info.get("memoryUsageBeforeGc"));
            String action = (String) data.get("gcAction");
            c.lastAction = action;
            int k = classify(c.name, action, usedBefore, usedAfter);
            if (k < 0) {
                synchronized (this) {
                    ignored++;
                }
            } else {
                record(jvmStart + (Long) info.get("endTime"), usedBefore, usedAfter, k, c.index);
            }
            if (c.stormy(System.currentTimeMillis())) {
                storm.poll(c);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unexpected GC notification", e);
        } finally {
            long spent = System.nanoTime() - start;
            synchronized (this) {
                listenerNanos += spent;
            }
        }
    }

    /** A sample read by polling a collector during a GC storm. */
    void polled(GcCollector c, com.sun.management.GcInfo info) {
        MemoryUsage b = info.getMemoryUsageBeforeGc().get(oldPool);
        MemoryUsage a = info.getMemoryUsageAfterGc().get(oldPool);
        long usedBefore = b == null ? 0 : b.getUsed();
        long usedAfter = a == null ? 0 : a.getUsed();
        int k = classify(c.name, c.lastAction, usedBefore, usedAfter);
        if (k >= 0) {
            record(jvmStart + info.getEndTime(), usedBefore, usedAfter, k, c.index);
        }
    }

    /** Starts or stops listening to one collector (storm mode); quietly ignores a listener already gone. */
    void listen(GcCollector c, boolean on) {
        try {
            if (on) {
                c.emitter.addNotificationListener(this, null, c.index);
            } else {
                c.emitter.removeNotificationListener(this);
            }
            c.listening = on;
        } catch (javax.management.ListenerNotFoundException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot switch GC listener of " + c.name, e);
        }
    }

    /** Records one sample and calls the hooks; the notification path, and the tests' way in. */
    void record(long endMs, long usedBefore, long usedAfter, int k, int collectorIndex) {
        ring.add(endMs, usedBefore, usedAfter, k, collectorIndex);
        for (Hook h : hooks) {
            h.afterGc(k, usedAfter, oldMax);
        }
    }

    private long used(TabularData usage) {
        if (usage == null) {
            return 0;
        }
        for (Object o : usage.values()) {
            CompositeData row = (CompositeData) o;
            if (oldPool.equals(row.get("key"))) {
                CompositeData mu = (CompositeData) row.get("value");
                return mu == null ? 0 : (Long) mu.get("used");
            }
        }
        return 0;
    }

    /** How many samples were ever recorded. */
    public long written() {
        return ring.written();
    }

    /** Total time spent inside the listener, in nanoseconds. */
    public synchronized long listenerNanos() {
        return listenerNanos;
    }

    /** Notifications ignored because they carried no usage. */
    public synchronized long ignored() {
        return ignored;
    }

    /** Copies the samples recorded after sequence number {@code from} (see {@link SampleRing#since}). */
    SampleRing.Samples since(long from) {
        return ring.since(from);
    }

    @Override
    public synchronized void close() {
        storm.close();
        for (GcCollector c : collectors) {
            if (c.listening) {
                listen(c, false);
            }
        }
        hooks.clear();
        installed = false;
    }
}
