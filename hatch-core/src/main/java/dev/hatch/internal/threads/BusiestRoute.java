package dev.hatch.internal.threads;

import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Problem;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /ops/threads/busiest?n=5&ms=1000}: the platform threads that used the most CPU
 * over an interval, measured with {@code ThreadMXBean} CPU times at its start and end (a thread
 * started during the interval counts from zero; the thread taking the sample is left out). One sample at a time (409 otherwise), because
 * each holds a request worker for the whole interval. Never enables CPU time measurement: that
 * would change JVM-wide state.
 */
final class BusiestRoute {
    private static final int TOP_FRAMES = 8;
    private final ThreadMXBean threads;
    private final Semaphore oneAtATime = new Semaphore(1);

    BusiestRoute(ThreadMXBean threads) {
        this.threads = threads;
    }

    void handle(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("n", "ms"));
        int n = ex.intParam("n", 5, 1, 100);
        int ms = ex.intParam("ms", 1000, 10, 10_000);
        if (!threads.isThreadCpuTimeSupported()) {
            throw new Problem(501, "Not implemented", "this JVM cannot measure CPU time per thread");
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            throw new Problem(501, "Not implemented", "CPU time measurement is disabled in this JVM"
                    + " (ThreadMXBean.setThreadCpuTimeEnabled(false)); Hatch does not switch it on by itself");
        }
        if (!oneAtATime.tryAcquire()) {
            throw Problem.conflict("another CPU sample is running; retry when it ends (at most 10 s)");
        }
        Map<Long, Long> before;
        Map<Long, Long> after;
        long elapsed;
        try {
            long start = System.nanoTime();
            before = cpuTimes();
            Thread.sleep(ms);
            after = cpuTimes();
            elapsed = System.nanoTime() - start;
        } finally {
            oneAtATime.release();
        }
        List<long[]> used = new ArrayList<>();
        long self = Thread.currentThread().getId();
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (e.getKey() != self && e.getValue() >= 0 && delta >= 0) {
                used.add(new long[] {e.getKey(), delta});
            }
        }
        used.sort(Comparator.comparingLong((long[] u) -> u[1]).reversed());
        List<long[]> top = used.subList(0, Math.min(n, used.size()));
        long[] ids = top.stream().mapToLong(u -> u[0]).toArray();
        ThreadInfo[] infos = threads.getThreadInfo(ids, TOP_FRAMES);
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null) {
                list.add(entry(infos[i], top.get(i)[1], elapsed));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intervalMs", elapsed / 1_000_000);
        body.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        body.put("threads", list);
        ex.json(200, body);
    }

    private static Map<String, Object> entry(ThreadInfo t, long cpuNanos, long elapsedNanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.getThreadName());
        m.put("id", t.getThreadId());
        m.put("state", t.getThreadState().name());
        m.put("cpuTimeMs", Math.round(cpuNanos / 1e4) / 100.0);
        m.put("percentOfCore", Math.round(cpuNanos * 1000.0 / elapsedNanos) / 10.0);
        List<String> frames = new ArrayList<>();
        for (StackTraceElement f : t.getStackTrace()) {
            frames.add(f.toString());
        }
        m.put("topFrames", frames);
        return m;
    }

    /** CPU time per live platform thread, in one call where the JVM offers it. */
    private Map<Long, Long> cpuTimes() {
        long[] ids = threads.getAllThreadIds();
        long[] cpu;
        if (threads instanceof com.sun.management.ThreadMXBean bulk) {
            cpu = bulk.getThreadCpuTime(ids);
        } else {
            cpu = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                cpu[i] = threads.getThreadCpuTime(ids[i]);
            }
        }
        Map<Long, Long> m = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            m.put(ids[i], cpu[i]);
        }
        return m;
    }
}
