package dev.hatch.leaks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
 */
public final class GcWatcher implements NotificationListener, AutoCloseable {
    /** Kind of sample: the old generation was not collected; an upper bound. */
    public static final int MINOR = 0;
    /** Kind of sample: a young collection that shrank the old generation (G1 mixed). */
    public static final int SHRUNK = 1;
    /** Kind of sample: a full, major or whole-heap collection. */
    public static final int MAJOR = 2;

    private static final System.Logger LOG = System.getLogger("dev.hatch.leaks");
    private static final String NOTIFICATION = "com.sun.management.gc.notification";
    private static final int CAPACITY = 2048;

    /** Called on the notification thread after every recorded sample: must be quick and never block. */
    public interface Hook {
        /** One collection ended. */
        void afterGc(int kind, long oldUsedAfter, long oldMax);
    }

    private final long[] time = new long[CAPACITY];
    private final long[] after = new long[CAPACITY];
    private final long[] before = new long[CAPACITY];
    private final byte[] kind = new byte[CAPACITY];
    private final byte[] collector = new byte[CAPACITY];
    private long written;
    private long listenerNanos;
    private long ignored;

    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final List<String> collectors = new ArrayList<>();
    private volatile boolean installed;
    private String oldPool;
    private Object[] oldKey;
    private long oldMax;
    private long jvmStart;

    /** Registers the listener on every collector; idempotent. Cheap but touches the management beans. */
    public synchronized void install() {
        if (installed) {
            return;
        }
        MemoryPoolMXBean pool = oldGenPool(ManagementFactory.getMemoryPoolMXBeans());
        oldPool = pool == null ? null : pool.getName();
        oldKey = new Object[] {oldPool};
        long max = pool == null ? -1 : pool.getUsage().getMax();
        oldMax = max > 0 ? max : Runtime.getRuntime().maxMemory();
        jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && collectors.size() < Byte.MAX_VALUE) {
                int index = collectors.size();
                collectors.add(gc.getName());
                emitter.addNotificationListener(this, null, index);
                emitters.add(emitter);
            }
        }
        installed = true;
    }

    /** For tests: an old generation of the given size, without listening to the JVM. */
    synchronized void assume(String pool, long max) {
        oldPool = pool;
        oldKey = new Object[] {pool};
        oldMax = max;
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

    /** Names of the collectors, indexed as in {@link Samples#collector}. */
    public synchronized List<String> collectorNames() {
        return List.copyOf(collectors);
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
        String a = action == null ? "" : action.toLowerCase(Locale.ROOT);
        String n = gcName == null ? "" : gcName.toLowerCase(Locale.ROOT);
        if (a.contains("concurrent")) {
            return MINOR;
        }
        if (a.contains("major")) {
            return MAJOR;
        }
        if (n.contains("minor")) {
            return MINOR;
        }
        if (a.contains("cycle")) {
            return MAJOR;
        }
        return usedAfter < usedBefore ? SHRUNK : MINOR;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!NOTIFICATION.equals(notification.getType()) || oldPool == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            CompositeData data = (CompositeData) notification.getUserData();
            CompositeData info = (CompositeData) data.get("gcInfo");
            long usedAfter = used((TabularData) info.get("memoryUsageAfterGc"));
            long usedBefore = used((TabularData) info.get("memoryUsageBeforeGc"));
            int k = classify((String) data.get("gcName"), (String) data.get("gcAction"), usedBefore, usedAfter);
            if (k < 0) {
                synchronized (this) {
                    ignored++;
                }
                return;
            }
            record(jvmStart + (Long) info.get("endTime"), usedBefore, usedAfter, k, (Integer) handback);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unexpected GC notification", e);
        } finally {
            long spent = System.nanoTime() - start;
            synchronized (this) {
                listenerNanos += spent;
            }
        }
    }

    /** Records one sample and calls the hooks; the notification path, and the tests' way in. */
    void record(long endMs, long usedBefore, long usedAfter, int k, int collectorIndex) {
        synchronized (this) {
            int i = (int) (written % CAPACITY);
            time[i] = endMs;
            after[i] = usedAfter;
            before[i] = usedBefore;
            kind[i] = (byte) k;
            collector[i] = (byte) collectorIndex;
            written++;
        }
        for (Hook h : hooks) {
            h.afterGc(k, usedAfter, oldMax);
        }
    }

    private long used(TabularData usage) {
        if (usage == null) {
            return 0;
        }
        CompositeData row = usage.get(oldKey);
        if (row == null) {
            return 0;
        }
        CompositeData mu = (CompositeData) row.get("value");
        return mu == null ? 0 : (Long) mu.get("used");
    }

    /** How many samples were ever recorded. */
    public synchronized long written() {
        return written;
    }

    /** Total time spent inside the listener, in nanoseconds. */
    public synchronized long listenerNanos() {
        return listenerNanos;
    }

    /** Notifications ignored because they carried no usage. */
    public synchronized long ignored() {
        return ignored;
    }

    /**
     * Copies the samples recorded after sequence number {@code from} (at most the ring's
     * capacity; older ones are lost and counted in {@link Samples#lost}).
     */
    public synchronized Samples since(long from) {
        long start = Math.max(from, written - CAPACITY);
        int n = (int) Math.max(0, written - start);
        Samples s = new Samples(n, start - Math.max(from, 0), written);
        for (int j = 0; j < n; j++) {
            int i = (int) ((start + j) % CAPACITY);
            s.time[j] = time[i];
            s.after[j] = after[i];
            s.before[j] = before[i];
            s.kind[j] = kind[i];
            s.collector[j] = collector[i];
        }
        return s;
    }

    /** A copy of consecutive samples. */
    public static final class Samples {
        final long[] time;
        final long[] after;
        final long[] before;
        final byte[] kind;
        final byte[] collector;
        final long lost;
        final long next;

        Samples(int n, long lost, long next) {
            this.time = new long[n];
            this.after = new long[n];
            this.before = new long[n];
            this.kind = new byte[n];
            this.collector = new byte[n];
            this.lost = lost;
            this.next = next;
        }

        /** How many samples. */
        public int size() {
            return time.length;
        }
    }

    @Override
    public synchronized void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
        emitters.clear();
        hooks.clear();
        installed = false;
    }
}
