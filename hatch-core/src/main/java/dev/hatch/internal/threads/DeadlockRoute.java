package dev.hatch.internal.threads;

import dev.hatch.internal.http.Exchange;
import java.lang.management.LockInfo;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /ops/threads/deadlocks}: the JVM's own deadlock detection
 * ({@code ThreadMXBean.findDeadlockedThreads}: object monitors and ownable synchronizers such as
 * {@code ReentrantLock}), each deadlocked thread with what it holds and what it waits for,
 * grouped into cycles. Platform threads only: the JVM does not detect deadlocks of virtual threads.
 */
final class DeadlockRoute {
    private final ThreadMXBean threads;

    DeadlockRoute(ThreadMXBean threads) {
        this.threads = threads;
    }

    void handle(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        boolean synchronizers = threads.isSynchronizerUsageSupported();
        long[] ids = synchronizers ? threads.findDeadlockedThreads() : threads.findMonitorDeadlockedThreads();
        Map<Long, ThreadInfo> byId = new LinkedHashMap<>();
        if (ids != null) {
            for (ThreadInfo t : threads.getThreadInfo(ids, threads.isObjectMonitorUsageSupported(), synchronizers)) {
                if (t != null) {
                    byId.put(t.getThreadId(), t);
                }
            }
        }
        List<Object> cycles = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long id : byId.keySet()) {
            List<ThreadInfo> path = new ArrayList<>();
            Set<Long> onPath = new HashSet<>();
            long cur = id;
            while (byId.containsKey(cur) && !seen.contains(cur) && onPath.add(cur)) {
                path.add(byId.get(cur));
                cur = byId.get(cur).getLockOwnerId();
            }
            for (ThreadInfo t : path) {
                seen.add(t.getThreadId());
            }
            if (onPath.contains(cur)) {
                List<ThreadInfo> cycle = path.subList(path.indexOf(byId.get(cur)), path.size());
                cycles.add(cycle(cycle));
            }
        }
        ex.audit("deadlockedThreads", byId.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deadlocked", !byId.isEmpty());
        body.put("detects", synchronizers ? "object monitors and ownable synchronizers" : "object monitors");
        body.put("threadCount", byId.size());
        body.put("cycles", cycles);
        ex.json(200, body);
    }

    private static Map<String, Object> cycle(List<ThreadInfo> cycle) {
        List<Object> list = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (ThreadInfo t : cycle) {
            list.add(thread(t));
            if (summary.length() > 0) {
                summary.append("; ");
            }
            summary.append('"').append(t.getThreadName()).append("\" waits for ")
                    .append(t.getLockName()).append(" held by \"").append(t.getLockOwnerName()).append('"');
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", summary.toString());
        m.put("threads", list);
        return m;
    }

    private static Map<String, Object> thread(ThreadInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.getThreadName());
        m.put("id", t.getThreadId());
        m.put("state", t.getThreadState().name());
        Map<String, Object> waiting = new LinkedHashMap<>();
        if (t.getLockInfo() != null) {
            waiting.put("lock", ThreadJson.lock(t.getLockInfo()));
        }
        waiting.put("owner", Map.of("name", String.valueOf(t.getLockOwnerName()), "id", t.getLockOwnerId()));
        m.put("waitingFor", waiting);
        List<Object> holds = new ArrayList<>();
        StackTraceElement[] frames = t.getStackTrace();
        for (MonitorInfo mi : t.getLockedMonitors()) {
            Map<String, Object> h = held(mi, "monitor");
            int depth = mi.getLockedStackDepth();
            if (depth >= 0 && depth < frames.length) {
                h.put("lockedIn", frames[depth].toString());
            }
            holds.add(h);
        }
        for (LockInfo l : t.getLockedSynchronizers()) {
            holds.add(held(l, "synchronizer"));
        }
        m.put("holds", holds);
        m.put("stack", ThreadJson.stack(t));
        return m;
    }

    private static Map<String, Object> held(LockInfo l, String kind) {
        Map<String, Object> h = new LinkedHashMap<>(ThreadJson.lock(l));
        h.put("kind", kind);
        return h;
    }
}
