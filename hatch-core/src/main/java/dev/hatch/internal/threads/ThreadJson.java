package dev.hatch.internal.threads;

import dev.hatch.internal.http.Json;
import java.lang.management.LockInfo;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON shapes of threads, frames and locks, shared by the thread routes so that a platform
 * thread from {@code ThreadMXBean} and a virtual thread from the JVM's dump look alike: frames
 * are {@code {class, method, file, line, module?, native?, locked?}}, locks
 * {@code {class, identityHashCode}}.
 */
final class ThreadJson {
    /** The suffix of a hidden class's name, e.g. {@code Main$$Lambda/0x0000000800c03000}. */
    private static final Pattern HIDDEN_CLASS = Pattern.compile("/0x[0-9a-fA-F]+\\.");

    private ThreadJson() {
    }

    /** A platform thread in full. */
    static Map<String, Object> thread(ThreadInfo t, Long cpuNanos) {
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
        m.put("stack", stack(t));
        m.put("lockedSynchronizers", synchronizers(t));
        return m;
    }

    /**
     * Appends {@link #thread} as JSON without building it: the same document (key for key, in
     * the same order), written straight into {@code sb}. For 10,000 threads the maps of the
     * frames were the largest part of {@code GET /ops/threads}' time.
     */
    static void writeThread(StringBuilder sb, ThreadInfo t, Long cpuNanos, boolean synchronizers) {
        try {
            sb.append("{\"name\":");
            Json.quote(t.getThreadName(), sb);
            sb.append(",\"id\":").append(t.getThreadId());
            sb.append(",\"state\":\"").append(t.getThreadState().name()).append('"');
            sb.append(",\"daemon\":").append(t.isDaemon());
            sb.append(",\"priority\":").append(t.getPriority());
            if (cpuNanos != null && cpuNanos >= 0) {
                sb.append(",\"cpuTimeMs\":").append(cpuNanos / 1_000_000);
            }
            sb.append(",\"blockedCount\":").append(t.getBlockedCount());
            sb.append(",\"waitedCount\":").append(t.getWaitedCount());
            sb.append(",\"inNative\":").append(t.isInNative());
            if (t.getLockInfo() != null) {
                writeLock(sb.append(",\"waitingOn\":"), t.getLockInfo());
            }
            if (t.getLockOwnerName() != null) {
                sb.append(",\"lockOwner\":{\"name\":");
                Json.quote(t.getLockOwnerName(), sb);
                sb.append(",\"id\":").append(t.getLockOwnerId()).append('}');
            }
            sb.append(",\"stack\":[");
            MonitorInfo[] monitors = t.getLockedMonitors();
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < frames.length; i++) {
                StackTraceElement f = frames[i];
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("{\"class\":");
                Json.quote(f.getClassName(), sb);
                sb.append(",\"method\":");
                Json.quote(f.getMethodName(), sb);
                sb.append(",\"file\":");
                if (f.getFileName() == null) {
                    sb.append("null");
                } else {
                    Json.quote(f.getFileName(), sb);
                }
                sb.append(",\"line\":").append(f.getLineNumber());
                if (f.getModuleName() != null) {
                    sb.append(",\"module\":");
                    Json.quote(f.getModuleName(), sb);
                }
                if (f.isNativeMethod()) {
                    sb.append(",\"native\":true");
                }
                boolean first = true;
                for (MonitorInfo mi : monitors) {
                    if (mi.getLockedStackDepth() == i) {
                        sb.append(first ? ",\"locked\":[" : ",");
                        writeLock(sb, mi);
                        first = false;
                    }
                }
                if (!first) {
                    sb.append(']');
                }
                sb.append('}');
            }
            sb.append(']');
            if (synchronizers) {
                sb.append(",\"lockedSynchronizers\":[");
                LockInfo[] syncs = t.getLockedSynchronizers();
                for (int i = 0; i < syncs.length; i++) {
                    writeLock(i > 0 ? sb.append(',') : sb, syncs[i]);
                }
                sb.append(']');
            }
            sb.append('}');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringBuilder does not throw
        }
    }

    private static StringBuilder writeLock(StringBuilder sb, LockInfo l) throws java.io.IOException {
        sb.append("{\"class\":");
        Json.quote(l.getClassName(), sb);
        return sb.append(",\"identityHashCode\":").append(l.getIdentityHashCode()).append('}');
    }

    /** The frames of a thread, each with the monitors locked in it. */
    static List<Object> stack(ThreadInfo t) {
        MonitorInfo[] monitors = t.getLockedMonitors();
        StackTraceElement[] frames = t.getStackTrace();
        List<Object> stack = new ArrayList<>(frames.length);
        for (int i = 0; i < frames.length; i++) {
            Map<String, Object> frame = frame(frames[i]);
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
        return stack;
    }

    static List<Object> synchronizers(ThreadInfo t) {
        List<Object> syncs = new ArrayList<>();
        for (LockInfo l : t.getLockedSynchronizers()) {
            syncs.add(lock(l));
        }
        return syncs;
    }

    static Map<String, Object> frame(StackTraceElement f) {
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
        return frame;
    }

    static Map<String, Object> lock(LockInfo l) {
        return Map.of("class", l.getClassName(), "identityHashCode", l.getIdentityHashCode());
    }

    /** A virtual thread from the JVM's dump, in the same shape as a platform thread. */
    static Map<String, Object> virtual(VirtualSnapshot.VThread t, Map<Long, String> platformNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("id", t.id());
        m.put("virtual", true);
        if (t.state() != null) {
            m.put("state", t.state());
        }
        if (t.carrier() != null) {
            Map<String, Object> carrier = new LinkedHashMap<>();
            carrier.put("id", t.carrier());
            carrier.put("name", platformNames.get(t.carrier()));
            m.put("carrier", carrier);
        }
        if (t.waitingOn() != null) {
            m.put("waitingOn", identity(t.waitingOn()));
        }
        List<Object> stack = new ArrayList<>(t.stack().size());
        for (int i = 0; i < t.stack().size(); i++) {
            Map<String, Object> frame = frame(t.stack().get(i));
            List<Object> locked = new ArrayList<>();
            for (String lock : t.lockedAt().getOrDefault(i, List.of())) {
                locked.add(identity(lock));
            }
            if (!locked.isEmpty()) {
                frame.put("locked", locked);
            }
            stack.add(frame);
        }
        m.put("stack", stack);
        return m;
    }

    /**
     * Parses a frame as {@code StackTraceElement.toString()} writes it, e.g.
     * {@code java.base/java.lang.Thread.sleep(Thread.java:540)} or
     * {@code app//com.example.Job.run(Native Method)}.
     */
    static Map<String, Object> frame(String text) {
        Map<String, Object> frame = new LinkedHashMap<>();
        int open = text.lastIndexOf('(');
        String qualified = open < 0 ? text : text.substring(0, open);
        String location = open < 0 ? "" : text.substring(open + 1, text.endsWith(")") ? text.length() - 1 : text.length());
        String module = null;
        Matcher hidden = HIDDEN_CLASS.matcher(qualified);
        int slash = qualified.lastIndexOf('/', hidden.find() ? hidden.start() - 1 : qualified.length());
        if (slash >= 0) {
            String prefix = qualified.substring(0, slash);
            qualified = qualified.substring(slash + 1);
            String[] parts = prefix.split("/", -1);
            module = parts[parts.length - 1].isEmpty() ? null : parts[parts.length - 1].replaceFirst("@.*", "");
        }
        int dot = qualified.lastIndexOf('.');
        frame.put("class", dot < 0 ? qualified : qualified.substring(0, dot));
        frame.put("method", dot < 0 ? "" : qualified.substring(dot + 1));
        String file = null;
        int line = -1;
        if (location.equals("Native Method")) {
            line = -2;
        } else if (!location.isEmpty() && !location.equals("Unknown Source")) {
            int colon = location.lastIndexOf(':');
            file = colon < 0 ? location : location.substring(0, colon);
            if (colon >= 0) {
                try {
                    line = Integer.parseInt(location.substring(colon + 1));
                } catch (NumberFormatException e) {
                    file = location;
                }
            }
        }
        frame.put("file", file);
        frame.put("line", line);
        if (module != null) {
            frame.put("module", module);
        }
        if (line == -2) {
            frame.put("native", true);
        }
        return frame;
    }

    /** A lock from {@code Objects.toIdentityString}, e.g. {@code java.lang.Object@35ef1869}. */
    static Map<String, Object> identity(String text) {
        int at = text.lastIndexOf('@');
        if (at > 0) {
            try {
                return Map.of("class", text.substring(0, at), "identityHashCode", Integer.parseUnsignedInt(text.substring(at + 1), 16));
            } catch (NumberFormatException e) {
                // not an identity string; fall through
            }
        }
        return Map.of("class", text);
    }
}
