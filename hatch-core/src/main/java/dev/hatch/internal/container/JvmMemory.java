package dev.hatch.internal.container;

import dev.hatch.internal.http.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the JVM itself accounts for.
 *
 * @param heapUsedBytes heap in use (MemoryMXBean)
 * @param heapCommittedBytes heap committed (MemoryMXBean)
 * @param heapMaxBytes the heap's maximum, or null when undefined
 * @param nonHeapPools non-heap pools by name (Metaspace, Compressed Class Space, CodeHeap ...)
 * @param nonHeapCommittedBytes the pools' committed sum, counting class space once (the
 *     Metaspace pool already includes the Compressed Class Space pool)
 * @param platformThreads live platform threads (ThreadMXBean; the JVM's hidden threads excluded)
 * @param threadStackSizeBytes {@code -Xss}/{@code ThreadStackSize}, or the platform default
 * @param threadStackSizeSource {@code "ThreadStackSize"} (set by {@code -Xss} or the flag),
 *     {@code "default"} (the JVM's default, as the flag reports it) or {@code "assumed"} (flag
 *     unreadable or 0: 1 MiB, HotSpot's default on x64 Linux)
 * @param threadStacksBytes platform threads × stack size: reserved, an upper bound on resident
 * @param bufferPools buffer pools by name (direct, mapped...)
 * @param bufferPoolsBytes the buffer pools' memory used, summed
 * @param nmt the NMT summary, or {@code enabled=false}
 */
public record JvmMemory(
        long heapUsedBytes,
        long heapCommittedBytes,
        Long heapMaxBytes,
        List<Pool> nonHeapPools,
        long nonHeapCommittedBytes,
        long platformThreads,
        long threadStackSizeBytes,
        String threadStackSizeSource,
        long threadStacksBytes,
        List<BufferPool> bufferPools,
        long bufferPoolsBytes,
        NmtSummary nmt) {

    /** A non-heap memory pool. */
    public record Pool(String name, long usedBytes, long committedBytes) {
    }

    /** A buffer pool ({@code direct}, {@code mapped}...). */
    public record BufferPool(String name, long count, long memoryUsedBytes, long totalCapacityBytes) {
    }

    public JvmMemory {
        nonHeapPools = List.copyOf(nonHeapPools);
        bufferPools = List.copyOf(bufferPools);
    }

    /** Heap committed + non-heap committed + thread stacks + buffer pools: the no-NMT estimate. */
    public long poolsTotalBytes() {
        return heapCommittedBytes + nonHeapCommittedBytes + threadStacksBytes + bufferPoolsBytes;
    }

    Map<String, Object> toJson() {
        Map<String, Object> heap = new LinkedHashMap<>();
        heap.put("usedBytes", heapUsedBytes);
        heap.put("committedBytes", heapCommittedBytes);
        Json.putIfPresent(heap, "maxBytes", heapMaxBytes);

        Map<String, Object> pools = new LinkedHashMap<>();
        for (Pool pool : nonHeapPools) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("usedBytes", pool.usedBytes());
            figures.put("committedBytes", pool.committedBytes());
            pools.put(pool.name(), figures);
        }
        Map<String, Object> nonHeap = new LinkedHashMap<>();
        nonHeap.put("committedBytes", nonHeapCommittedBytes);
        nonHeap.put("pools", pools);

        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("platformThreads", platformThreads);
        threads.put("stackSizeBytes", threadStackSizeBytes);
        threads.put("stackSizeSource", threadStackSizeSource);
        threads.put("stacksReservedBytes", threadStacksBytes);

        Map<String, Object> buffers = new LinkedHashMap<>();
        for (BufferPool pool : bufferPools) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("count", pool.count());
            figures.put("memoryUsedBytes", pool.memoryUsedBytes());
            figures.put("totalCapacityBytes", pool.totalCapacityBytes());
            buffers.put(pool.name(), figures);
        }
        Map<String, Object> bufferJson = new LinkedHashMap<>();
        bufferJson.put("memoryUsedBytes", bufferPoolsBytes);
        bufferJson.put("pools", buffers);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("heap", heap);
        json.put("nonHeap", nonHeap);
        json.put("threads", threads);
        json.put("bufferPools", bufferJson);
        json.put("poolsTotalBytes", poolsTotalBytes());
        json.put("nmt", nmt.toJson());
        return json;
    }
}
