package dev.hatch.internal.threads;

import dev.hatch.bench.CountingSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON and the jstack-style text of {@code GET /ops/threads} for about 500 platform threads,
 * from a dump captured once. The JSON:
 * {@link ThreadRoutes#writeJson}, the route's own writer, thread by thread into UTF-8 bytes
 * (virtual threads not requested), as the exchange's stream receives them.
 * Taking the dump itself ({@code ThreadMXBean.dumpAllThreads}) is not measured. In package
 * {@code dev.hatch.internal.threads} to reach the package-private writer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThreadDumpJsonBench {
    static final int THREADS = 500;

    private ThreadInfo[] infos;
    private Map<Long, Long> cpu;
    private int peak;

    /** Starts 500 threads blocked at varied depths, some holding monitors or locks, dumps all threads, then ends them. */
    @Setup
    public void setUp() throws InterruptedException, IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);
        Random random = new Random(42);
        List<Thread> started = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS; i++) {
                int depth = 5 + random.nextInt(45);
                int kind = i % 3;
                // Made here and held by the thread's task, so they escape: C2 elides a lock on an object that does not.
                Object monitor = new Object();
                ReentrantLock lock = new ReentrantLock();
                Thread t = new Thread(() -> descend(depth, kind, monitor, lock, ready, release), "bench-worker-" + i);
                t.setDaemon(true);
                t.start();
                started.add(t);
            }
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the worker threads did not start");
            }
            infos = mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
            cpu = new HashMap<>();
            for (ThreadInfo t : infos) {
                cpu.put(t.getThreadId(), mx.isThreadCpuTimeSupported() ? mx.getThreadCpuTime(t.getThreadId()) : -1L);
            }
            peak = mx.getPeakThreadCount();
        } finally {
            release.countDown();
            for (Thread t : started) {
                t.join(10_000);
            }
        }
        int monitors = 0;
        int synchronizers = 0;
        for (ThreadInfo t : infos) {
            monitors += t.getLockedMonitors().length > 0 ? 1 : 0;
            synchronizers += t.getLockedSynchronizers().length > 0 ? 1 : 0;
        }
        if (infos.length < THREADS || monitors < THREADS / 3 || synchronizers < THREADS / 3) {
            throw new IllegalStateException("dump has " + infos.length + " threads, " + monitors + " holding monitors, "
                    + synchronizers + " holding locks; expected a third of " + THREADS + " each");
        }
        java.io.StringWriter text = new java.io.StringWriter();
        ThreadRoutes.writeJson(text, infos, cpu, peak, ALL_LOCKS, notRequested());
        String json = text.toString();
        if (!json.contains("\"name\":\"bench-worker-499\"") || !json.contains("\"lockedSynchronizers\":[{")) {
            throw new IllegalStateException("the JSON lacks the workers or their locks");
        }
        java.io.StringWriter jstackText = new java.io.StringWriter();
        ThreadText.write(jstackText, infos, cpu, true, new VirtualThreads.Outcome(null, "not requested (virtual=false)", 0), Map.of());
        if (!jstackText.toString().contains("\"bench-worker-499\"") || !jstackText.toString().contains("- locked <")) {
            throw new IllegalStateException("the text lacks the workers or their locks");
        }
    }

    /** Recurses to the depth, then blocks: in {@code synchronized}, holding a {@link ReentrantLock}, or plainly. */
    private static void descend(int depth, int kind, Object monitor, ReentrantLock lock, CountDownLatch ready,
                                CountDownLatch release) {
        if (depth > 0) {
            descend(depth - 1, kind, monitor, lock, ready, release);
            return;
        }
        try {
            if (kind == 0) {
                synchronized (monitor) {
                    ready.countDown();
                    release.await();
                }
            } else if (kind == 1) {
                lock.lock();
                try {
                    ready.countDown();
                    release.await();
                } finally {
                    lock.unlock();
                }
            } else {
                ready.countDown();
                release.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The response body, as {@code GET /ops/threads?virtual=false} writes it; returns its bytes. */
    @Benchmark
    public long threadsJson() throws IOException {
        CountingSink sink = new CountingSink();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 64 * 1024)) {
            ThreadRoutes.writeJson(w, infos, cpu, peak, ALL_LOCKS, notRequested());
        }
        return sink.bytes();
    }

    /**
     * The same dump as {@code GET /ops/threads?format=text&virtual=false} writes it ({@link ThreadText},
     * jstack's grammar); returns its bytes.
     */
    @Benchmark
    public long threadsText() throws IOException {
        CountingSink sink = new CountingSink();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 64 * 1024)) {
            ThreadText.write(w, infos, cpu, true, new VirtualThreads.Outcome(null, "not requested (virtual=false)", 0), Map.of());
        }
        return sink.bytes();
    }

    /** Monitors and synchronizers, as {@code ?synchronizers=true} gathers them (the most the writers do). */
    private static final ThreadRoutes.Locks ALL_LOCKS = new ThreadRoutes.Locks(true, true, null);

    /** What the route writes for virtual threads with {@code ?virtual=false}. */
    private static Map<String, Object> notRequested() {
        Map<String, Object> virtual = new LinkedHashMap<>();
        virtual.put("available", false);
        virtual.put("reason", "not requested (virtual=false)");
        return virtual;
    }
}
