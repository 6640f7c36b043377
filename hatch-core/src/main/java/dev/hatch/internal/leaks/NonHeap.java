package dev.hatch.internal.leaks;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaks that do not show in the old generation: threads, file descriptors, direct and mapped
 * buffers, metaspace and classes (loaded minus unloaded). Sampled from the management beans on
 * every detector tick (a few microseconds) and judged like the heap: lower envelope, Theil–Sen,
 * Mann–Kendall, time to the limit where there is one.
 */
final class NonHeap {
    private static final long MIB = 1L << 20;

    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classBean = ManagementFactory.getClassLoadingMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private final MemoryPoolMXBean metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.NON_HEAP && p.getName().equals("Metaspace")).findFirst().orElse(null);
    private final long maxDirect = maxDirectMemory();

    private final Tiers threads;
    private final Tiers fds;
    private final Tiers direct;
    private final Tiers classes;
    private final Tiers meta;
    private final Map<String, Assessment> assessments = new LinkedHashMap<>();
    private long ownClasses;
    private long ownMetaspace;
    private final Map<String, Map<String, Object>> current = new LinkedHashMap<>();

    NonHeap(long blockMs) {
        threads = new Tiers(blockMs);
        fds = new Tiers(blockMs);
        direct = new Tiers(blockMs);
        classes = new Tiers(blockMs);
        meta = new Tiers(blockMs);
    }

    /** Samples every resource and re-judges each; returns the worst assessment by name. */
    void sample(long now) {
        int liveThreads = threadBean.getThreadCount();
        threads.add(now, liveThreads);
        assessments.put("threads", threads.assess(now, t -> Assessment.relative(t, 16)));
        current.put("threads", facts("count", liveThreads, "daemon", threadBean.getDaemonThreadCount(),
                "peak", threadBean.getPeakThreadCount(), "started", threadBean.getTotalStartedThreadCount()));

        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long open = unix.getOpenFileDescriptorCount();
            long max = unix.getMaxFileDescriptorCount();
            fds.add(now, open);
            assessments.put("fileDescriptors", fds.assess(now, t -> Assessment.withLimit(t, max, Math.max(16, max / 100.0), now)));
            current.put("fileDescriptors", facts("open", open, "max", max));
        } else {
            current.put("fileDescriptors", facts("supported", false));
        }

        long directUsed = 0;
        Map<String, Object> bufferFacts = new LinkedHashMap<>();
        for (BufferPoolMXBean b : buffers) {
            if (b.getName().equals("direct")) {
                directUsed = b.getMemoryUsed();
                bufferFacts.put("memoryUsedBytes", directUsed);
                bufferFacts.put("count", b.getCount());
                bufferFacts.put("totalCapacityBytes", b.getTotalCapacity());
            } else if (b.getName().startsWith("mapped")) {
                bufferFacts.merge("mappedBytes", b.getMemoryUsed(), (x, y) -> (Long) x + (Long) y);
                bufferFacts.merge("mappedCount", b.getCount(), (x, y) -> (Long) x + (Long) y);
            }
        }
        bufferFacts.put("maxBytes", maxDirect);
        direct.add(now, directUsed);
        assessments.put("directBuffers", direct.assess(now, t -> Assessment.withLimit(t, maxDirect, Math.max(MIB, maxDirect / 100.0), now)));
        current.put("directBuffers", bufferFacts);

        int loaded = classBean.getLoadedClassCount();
        classes.add(now, loaded - ownClasses);
        Map<String, Object> classFacts = facts("loaded", loaded, "totalLoaded", classBean.getTotalLoadedClassCount(),
                "unloaded", classBean.getUnloadedClassCount());
        Assessment byCount = classes.assess(now, t -> Assessment.relative(t, 500));
        Assessment worst = byCount;
        if (metaspace != null) {
            long used = metaspace.getUsage().getUsed();
            long max = metaspace.getUsage().getMax();
            classFacts.put("metaspaceBytes", used);
            classFacts.put("metaspaceMaxBytes", max);
            meta.add(now, used - ownMetaspace);
            Assessment byBytes = meta.assess(now, t -> max > 0 ? Assessment.withLimit(t, max, Math.max(MIB, max / 100.0), now)
                    : Assessment.relative(t, 8 * MIB));
            if (byBytes.verdict().compareTo(worst.verdict()) > 0) {
                worst = byBytes;
            }
        }
        assessments.put("classes", worst);
        current.put("classes", classFacts);
    }

    /**
     * Leaves out classes and metaspace that Hatch itself loaded (the MBean server and JFR load a
     * couple of thousand classes the first time a histogram or allocation sites are needed), so
     * that the detector does not report its own start as a class-loader leak.
     */
    void discount(long classCount, long metaspaceBytes) {
        ownClasses += Math.max(0, classCount);
        ownMetaspace += Math.max(0, metaspaceBytes);
    }

    /** Loaded classes and metaspace in use now, for measuring what an operation loaded. */
    long[] classFootprint() {
        return new long[] {classBean.getTotalLoadedClassCount(), metaspace == null ? 0 : metaspace.getUsage().getUsed()};
    }

    /** The latest assessment of each resource, in report order. */
    Map<String, Assessment> assessments() {
        return assessments;
    }

    /** The latest readings of each resource. */
    Map<String, Map<String, Object>> current() {
        return current;
    }

    private static Map<String, Object> facts(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** {@code -XX:MaxDirectMemorySize}, which defaults (0) to the maximum heap size. */
    static long maxDirectMemory() {
        try {
            var hs = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long v = Long.parseLong(hs.getVMOption("MaxDirectMemorySize").getValue());
            return v > 0 ? v : Runtime.getRuntime().maxMemory();
        } catch (RuntimeException | LinkageError e) {
            return Runtime.getRuntime().maxMemory();
        }
    }
}
