package dev.hatch.internal.metrics;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The JVM's own numbers from its management beans: memory by area and pool, garbage
 * collections, threads, classes and buffer pools. Names follow the Prometheus JVM conventions
 * ({@code jvm_} prefix, base units, {@code _total} for counters).
 */
final class JvmMetrics implements MetricsSource {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();

    @Override
    public void collect(MetricsWriter w) {
        memory(w);
        pools(w);
        gc(w);
        threads(w);
        classes(w);
        buffers(w);
    }

    private void memory(MetricsWriter w) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        usage(w.gauge("jvm_memory_used_bytes", "Used bytes of a JVM memory area."), heap, nonHeap, MemoryUsage::getUsed);
        usage(w.gauge("jvm_memory_committed_bytes", "Committed bytes of a JVM memory area."), heap, nonHeap,
                MemoryUsage::getCommitted);
        usage(w.gauge("jvm_memory_max_bytes", "Maximum bytes of a JVM memory area; absent when undefined."), heap, nonHeap,
                MemoryUsage::getMax);
        usage(w.gauge("jvm_memory_init_bytes", "Initial bytes of a JVM memory area; absent when undefined."), heap, nonHeap,
                MemoryUsage::getInit);
    }

    private static void usage(MetricsWriter.Family f, MemoryUsage heap, MemoryUsage nonHeap, ToLongFunction<MemoryUsage> v) {
        long h = v.applyAsLong(heap);
        long n = v.applyAsLong(nonHeap);
        if (h >= 0) {
            f.sample(h, "area", "heap");
        }
        if (n >= 0) {
            f.sample(n, "area", "nonheap");
        }
    }

    private static void pools(MetricsWriter w) {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        pool(w.gauge("jvm_memory_pool_used_bytes", "Used bytes of a JVM memory pool."), pools, false, MemoryUsage::getUsed);
        pool(w.gauge("jvm_memory_pool_committed_bytes", "Committed bytes of a JVM memory pool."), pools, false,
                MemoryUsage::getCommitted);
        pool(w.gauge("jvm_memory_pool_max_bytes", "Maximum bytes of a JVM memory pool; absent when undefined."), pools, false,
                MemoryUsage::getMax);
        pool(w.gauge("jvm_memory_pool_collection_used_bytes",
                "Used bytes of a JVM memory pool after the last garbage collection (the live set estimate)."), pools, true,
                MemoryUsage::getUsed);
    }

    private static void pool(MetricsWriter.Family f, List<MemoryPoolMXBean> pools, boolean afterGc, ToLongFunction<MemoryUsage> v) {
        for (MemoryPoolMXBean p : pools) {
            if (!p.isValid()) {
                continue;
            }
            MemoryUsage u = afterGc ? p.getCollectionUsage() : p.getUsage();
            if (u != null && v.applyAsLong(u) >= 0) {
                f.sample(v.applyAsLong(u), "pool", p.getName(), "area", p.getType() == MemoryType.HEAP ? "heap" : "nonheap");
            }
        }
    }

    private static void gc(MetricsWriter w) {
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        MetricsWriter.Family count = w.counter("jvm_gc_collections_total", "Garbage collections by collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            if (gc.getCollectionCount() >= 0) {
                count.sample(gc.getCollectionCount(), "gc", gc.getName());
            }
        }
        MetricsWriter.Family time = w.counter("jvm_gc_collection_seconds_total",
                "Time spent in garbage collections by collector (as the JVM accounts it; concurrent phases included).");
        for (GarbageCollectorMXBean gc : gcs) {
            if (gc.getCollectionTime() >= 0) {
                time.sample(gc.getCollectionTime() / 1000.0, "gc", gc.getName());
            }
        }
    }

    private void threads(MetricsWriter w) {
        w.gauge("jvm_threads_current", "Live platform threads.").sample(threads.getThreadCount());
        w.gauge("jvm_threads_daemon", "Live platform daemon threads.").sample(threads.getDaemonThreadCount());
        w.gauge("jvm_threads_peak", "Peak number of live platform threads since the JVM started.").sample(threads.getPeakThreadCount());
        w.counter("jvm_threads_started_total", "Platform threads started since the JVM started.").sample(threads.getTotalStartedThreadCount());
        Map<Thread.State, Integer> byState = new EnumMap<>(Thread.State.class);
        for (Thread.State s : Thread.State.values()) {
            byState.put(s, 0);
        }
        // Depth 0: no stack walk, only the state of each thread.
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (t != null) {
                byState.merge(t.getThreadState(), 1, Integer::sum);
            }
        }
        MetricsWriter.Family states = w.gauge("jvm_threads_state", "Live platform threads by state.");
        byState.forEach((s, n) -> states.sample(n, "state", s.name()));
    }

    private void classes(MetricsWriter w) {
        w.gauge("jvm_classes_currently_loaded", "Classes loaded now.").sample(classes.getLoadedClassCount());
        w.counter("jvm_classes_loaded_total", "Classes loaded since the JVM started.").sample(classes.getTotalLoadedClassCount());
        w.counter("jvm_classes_unloaded_total", "Classes unloaded since the JVM started.").sample(classes.getUnloadedClassCount());
    }

    private static void buffers(MetricsWriter w) {
        List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        MetricsWriter.Family used = w.gauge("jvm_buffer_pool_used_bytes", "Bytes used by a buffer pool (direct, mapped).");
        for (BufferPoolMXBean p : pools) {
            if (p.getMemoryUsed() >= 0) {
                used.sample(p.getMemoryUsed(), "pool", p.getName());
            }
        }
        MetricsWriter.Family capacity = w.gauge("jvm_buffer_pool_capacity_bytes", "Total capacity of the buffers in a buffer pool.");
        for (BufferPoolMXBean p : pools) {
            capacity.sample(p.getTotalCapacity(), "pool", p.getName());
        }
        MetricsWriter.Family count = w.gauge("jvm_buffer_pool_used_buffers", "Buffers in a buffer pool.");
        for (BufferPoolMXBean p : pools) {
            count.sample(p.getCount(), "pool", p.getName());
        }
    }
}
