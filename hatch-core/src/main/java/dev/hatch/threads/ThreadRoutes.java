package dev.hatch.threads;

import dev.hatch.Scope;
import dev.hatch.http.Exchange;
import dev.hatch.http.Route;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /ops/threads}: every platform thread with its state, stack, the monitors and
 * ownable synchronizers it holds and what it waits for. JSON by default; {@code ?format=text}
 * or {@code Accept: text/plain} gives jstack-style text that thread-dump analysers read.
 */
public final class ThreadRoutes {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** The routes. */
    public List<Route> routes() {
        return List.of(Route.get("/ops/threads", Scope.MONITOR, "threads", this::dump));
    }

    private void dump(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("format"));
        String format = ex.query("format");
        boolean text;
        if (format == null) {
            text = ex.accepts("text/plain");
        } else if (format.equals("text") || format.equals("json")) {
            text = format.equals("text");
        } else {
            throw dev.hatch.http.Problem.badRequest("format must be json or text");
        }
        ThreadInfo[] infos = threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(), threads.isSynchronizerUsageSupported());
        if (text) {
            ex.send(200, "text/plain", ThreadText.render(infos, cpuTimes(infos)));
        } else {
            ex.json(200, json(infos));
        }
    }

    private Map<Long, Long> cpuTimes(ThreadInfo[] infos) {
        Map<Long, Long> cpu = new LinkedHashMap<>();
        if (threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
            for (ThreadInfo t : infos) {
                cpu.put(t.getThreadId(), threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return cpu;
    }

    private Map<String, Object> json(ThreadInfo[] infos) {
        Map<Long, Long> cpu = cpuTimes(infos);
        List<Object> list = new ArrayList<>(infos.length);
        int daemons = 0;
        for (ThreadInfo t : infos) {
            daemons += t.isDaemon() ? 1 : 0;
            list.add(thread(t, cpu.get(t.getThreadId())));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time", Instant.now().toString());
        body.put("threadCount", infos.length);
        body.put("daemonCount", daemons);
        body.put("peakThreadCount", threads.getPeakThreadCount());
        body.put("threads", list);
        return body;
    }

    private static Map<String, Object> thread(ThreadInfo t, Long cpuNanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.getThreadName());
        m.put("id", t.getThreadId());
        m.put("state", t.getThreadState().name());
        m.put("daemon", t.isDaemon());
        m.put("priority", t.getPriority());
        if (cpuNanos != null && cpuNanos >= 0) {
            m.put("cpuTimeMs", cpuNanos / 1_000_000);
        }
        m.put("blockedCount", t.getBlockedCount());
        m.put("waitedCount", t.getWaitedCount());
        m.put("inNative", t.isInNative());
        if (t.getLockInfo() != null) {
            m.put("waitingOn", lock(t.getLockInfo()));
        }
        if (t.getLockOwnerName() != null) {
            m.put("lockOwner", Map.of("name", t.getLockOwnerName(), "id", t.getLockOwnerId()));
        }
        MonitorInfo[] monitors = t.getLockedMonitors();
        List<Object> stack = new ArrayList<>();
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement f = frames[i];
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("class", f.getClassName());
            frame.put("method", f.getMethodName());
            frame.put("file", f.getFileName());
            frame.put("line", f.getLineNumber());
            if (f.getModuleName() != null) {
                frame.put("module", f.getModuleName());
            }
            if (f.isNativeMethod()) {
                frame.put("native", true);
            }
            List<Object> locked = new ArrayList<>();
            for (MonitorInfo mi : monitors) {
                if (mi.getLockedStackDepth() == i) {
                    locked.add(lock(mi));
                }
            }
            if (!locked.isEmpty()) {
                frame.put("locked", locked);
            }
            stack.add(frame);
        }
        m.put("stack", stack);
        List<Object> syncs = new ArrayList<>();
        for (LockInfo l : t.getLockedSynchronizers()) {
            syncs.add(lock(l));
        }
        m.put("lockedSynchronizers", syncs);
        return m;
    }

    static Map<String, Object> lock(LockInfo l) {
        return Map.of("class", l.getClassName(), "identityHashCode", l.getIdentityHashCode());
    }
}
