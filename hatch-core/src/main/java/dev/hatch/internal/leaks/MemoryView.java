package dev.hatch.internal.leaks;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The document of {@code GET /ops/memory}: pools, collectors, buffer pools and the post-GC series. */
public final class MemoryView {
    /** Post-GC samples shown. */
    static final int SERIES = 256;
    private static final String[] KINDS = {"minor", "shrunk", "major", "sampled"};

    private MemoryView() {
    }

    static Map<String, Object> build(GcWatcher watcher, LeakDetector detector) {
        Map<String, Object> m = new LinkedHashMap<>();
        var memory = ManagementFactory.getMemoryMXBean();
        m.put("heap", usage(memory.getHeapMemoryUsage()));
        m.put("nonHeap", usage(memory.getNonHeapMemoryUsage()));
        m.put("pendingFinalization", memory.getObjectPendingFinalizationCount());
        List<Object> pools = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.getName());
            pm.put("type", p.getType() == java.lang.management.MemoryType.HEAP ? "heap" : "non-heap");
            pm.put("usage", usage(p.getUsage()));
            pm.put("peak", usage(p.getPeakUsage()));
            pm.put("afterLastCollection", p.getCollectionUsage() == null ? null : usage(p.getCollectionUsage()));
            pm.put("managers", Arrays.asList(p.getMemoryManagerNames()));
            pools.add(pm);
        }
        m.put("pools", pools);
        List<Object> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(Map.of("name", g.getName(), "count", g.getCollectionCount(), "timeMs", g.getCollectionTime(),
                    "pools", Arrays.asList(g.getMemoryPoolNames())));
        }
        m.put("collectors", gcs);
        List<Object> buffers = new ArrayList<>();
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            buffers.add(Map.of("name", b.getName(), "count", b.getCount(), "memoryUsedBytes", b.getMemoryUsed(),
                    "totalCapacityBytes", b.getTotalCapacity()));
        }
        m.put("bufferPools", buffers);
        m.put("postGc", series(watcher));
        m.put("leakDetector", detector == null ? Map.of("enabled", false) : detector.state());
        return m;
    }

    private static Map<String, Object> series(GcWatcher watcher) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("recording", watcher.installed());
        s.put("pool", watcher.oldPoolName());
        s.put("maxBytes", watcher.installed() ? watcher.oldMax() : null);
        s.put("kinds", "major: the collection collected the old generation (its usage after is the live set); shrunk: a young"
                + " collection that shrank the old generation (G1 mixed); minor: the old generation was not collected (an upper bound);"
                + " sampled: no collection for a sample interval, so the detector read the heap's and the old generation's usage"
                + " on its timer (heapUsedBytes, oldUsedBytes: upper bounds, not post-GC figures; collector none)");
        long written = watcher.written();
        SampleRing.Samples samples = watcher.since(Math.max(0, written - SERIES));
        List<String> names = watcher.collectorNames();
        List<Object> points = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("time", Instant.ofEpochMilli(samples.time[i]).toString());
            int c = samples.collector[i];
            p.put("collector", c == GcWatcher.TIMER ? "none" : c < names.size() ? names.get(c) : "?");
            p.put("kind", KINDS[samples.kind[i]]);
            if (samples.kind[i] == GcWatcher.SAMPLED) {
                // Not after a collection: named apart, so that no one reads it as a post-GC figure.
                p.put("heapUsedBytes", samples.before[i]);
                p.put("oldUsedBytes", samples.after[i] < 0 ? null : (Object) samples.after[i]);
            } else {
                p.put("oldBeforeBytes", samples.before[i]);
                p.put("oldAfterBytes", samples.after[i]);
            }
            points.add(p);
        }
        s.put("samples", points);
        s.put("listenerNanos", watcher.listenerNanos());
        s.put("polledCollectors", watcher.polledCollectors());
        s.put("recorded", written);
        s.put("timerSamples", watcher.timerSamples());
        return s;
    }

    /**
     * A {@link MemoryUsage} as every route shows one: {@code initBytes, usedBytes, committedBytes,
     * maxBytes} (-1 where the JVM leaves a figure undefined).
     */
    public static Map<String, Object> usage(MemoryUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("initBytes", u.getInit());
        m.put("usedBytes", u.getUsed());
        m.put("committedBytes", u.getCommitted());
        m.put("maxBytes", u.getMax());
        return m;
    }
}
