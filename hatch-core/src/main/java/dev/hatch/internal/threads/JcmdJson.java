package dev.hatch.internal.threads;

import dev.hatch.internal.http.Json;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.LockInfo;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes platform threads in the JSON schema of {@code jcmd PID Thread.dump_to_file -format=json}
 * (JDK 21+), for JVMs that cannot write it themselves (JDK 17–20) or when the JVM's own dump is
 * not wanted or not in time: one {@code <root>} thread container holding every platform thread.
 * As the JVM does, {@code long} values are strings, lock objects are written as
 * {@code Objects.toIdentityString} and a thread carries {@code parkBlocker}, {@code blockedOn} or
 * {@code waitingOn} and {@code monitorsOwned} (the monitor held around {@code Object.wait()}
 * included) only when they apply. Written thread by thread.
 */
final class JcmdJson {
    private JcmdJson() {
    }

    static void write(Writer w, ThreadInfo[] infos) throws IOException {
        w.write("{\n  \"threadDump\": {\n    \"processId\": ");
        quoted(w, Long.toString(ProcessHandle.current().pid()));
        w.write(",\n    \"time\": ");
        quoted(w, Instant.now().toString());
        w.write(",\n    \"runtimeVersion\": ");
        quoted(w, Runtime.version().toString());
        w.write(",\n    \"threadContainers\": [\n      {\n        \"container\": \"<root>\",\n        \"parent\": null,\n"
                + "        \"owner\": null,\n        \"threads\": [");
        for (int i = 0; i < infos.length; i++) {
            w.write(i == 0 ? "\n" : ",\n");
            w.write("          ");
            pretty(w, thread(infos[i]), 5);
        }
        w.write("\n        ],\n        \"threadCount\": ");
        quoted(w, Integer.toString(infos.length));
        w.write("\n      }\n    ]\n  }\n}\n");
    }

    /** Indented as the JVM's own writer indents (two spaces a level, one member a line), so the two can be diffed. */
    private static void pretty(Writer w, Object value, int depth) throws IOException {
        if (value instanceof Map<?, ?> map) {
            w.write('{');
            int n = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                w.write(n++ == 0 ? "\n" : ",\n");
                w.write("  ".repeat(depth + 1));
                quoted(w, e.getKey().toString());
                w.write(": ");
                pretty(w, e.getValue(), depth + 1);
            }
            w.write('\n');
            w.write("  ".repeat(depth));
            w.write('}');
        } else if (value instanceof List<?> list) {
            w.write('[');
            int n = 0;
            for (Object item : list) {
                w.write(n++ == 0 ? "\n" : ",\n");
                w.write("  ".repeat(depth + 1));
                pretty(w, item, depth + 1);
            }
            w.write('\n');
            w.write("  ".repeat(depth));
            w.write(']');
        } else if (value instanceof String str) {
            quoted(w, str);
        } else {
            w.write(String.valueOf(value));
        }
    }

    private static void quoted(Writer w, String s) throws IOException {
        Json.quote(s, w);
    }

    static Map<String, Object> thread(ThreadInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tid", Long.toString(t.getThreadId()));
        m.put("time", Instant.now().toString());
        m.put("name", t.getThreadName());
        m.put("state", t.getThreadState().name());
        StackTraceElement[] frames = t.getStackTrace();
        LockInfo lock = t.getLockInfo();
        boolean parked = frames.length > 0 && frames[0].getMethodName().equals("park") && frames[0].getClassName().endsWith("Unsafe");
        boolean inWait = frames.length > 0 && frames[0].getClassName().equals("java.lang.Object")
                && frames[0].getMethodName().startsWith("wait");
        if (lock != null) {
            switch (t.getThreadState()) {
                case BLOCKED -> {
                    if (!inWait) { // the JVM names no lock for a notified thread re-locking in wait()
                        m.put("blockedOn", identity(lock));
                    }
                }
                case WAITING, TIMED_WAITING -> {
                    if (parked) {
                        m.put("parkBlocker", Map.of("object", identity(lock)));
                    } else {
                        m.put("waitingOn", identity(lock));
                    }
                }
                default -> {
                }
            }
        }
        // the JVM's dump leaves hidden frames out; depths count the frames written
        List<String> stack = new ArrayList<>(frames.length);
        int[] depth = new int[frames.length];
        for (int i = 0; i < frames.length; i++) {
            depth[i] = stack.size();
            if (!hidden(frames[i])) {
                stack.add(frame(frames[i]));
            }
        }
        m.put("stack", stack);
        Map<Integer, List<String>> owned = new TreeMap<>();
        if (inWait && lock != null) {
            for (int i = 0; i < frames.length; i++) {
                if (!(frames[i].getClassName().equals("java.lang.Object") && frames[i].getMethodName().startsWith("wait"))) {
                    owned.computeIfAbsent(depth[i], k -> new ArrayList<>()).add(identity(lock));
                    break;
                }
            }
        }
        for (MonitorInfo mi : t.getLockedMonitors()) {
            int d = mi.getLockedStackDepth();
            if (d >= 0 && d < frames.length) {
                owned.computeIfAbsent(depth[d], k -> new ArrayList<>()).add(identity(mi));
            }
        }
        if (!owned.isEmpty()) {
            List<Object> list = new ArrayList<>();
            owned.forEach((at, locks) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("depth", at);
                entry.put("locks", locks);
                list.add(entry);
            });
            m.put("monitorsOwned", list);
        }
        return m;
    }

    /**
     * Frames the JVM's own dump leaves out: hidden classes (lambdas, lambda forms, named
     * {@code …/0x…}) and the JDK's best-known {@code @Hidden} methods.
     */
    private static boolean hidden(StackTraceElement f) {
        String c = f.getClassName();
        return c.contains("/0x")
                || c.equals("java.lang.Thread") && f.getMethodName().equals("runWith")
                || c.equals("jdk.internal.reflect.DirectMethodHandleAccessor") && f.getMethodName().equals("invokeImpl")
                || c.startsWith("java.lang.invoke.") && c.endsWith("$Holder");
    }

    /** As {@code Objects.toIdentityString} (JDK 19+) writes it. */
    private static String identity(LockInfo l) {
        return l.getClassName() + "@" + Integer.toHexString(l.getIdentityHashCode());
    }

    /**
     * A frame as the JVM's dump writes it ({@code StackTraceElement.toString()} of a JDK 21+
     * stack walk): the JDK's own modules without their version, the built-in class loaders
     * unnamed, e.g. {@code java.base/java.lang.Thread.sleep(Thread.java:540)},
     * {@code com.example.Job.run(Job.java:11)}, {@code my-loader//com.example.Plugin.run(Plugin.java:3)}.
     */
    static String frame(StackTraceElement f) {
        StringBuilder sb = new StringBuilder();
        String module = f.getModuleName();
        String loader = f.getClassLoaderName();
        boolean builtinLoader = loader == null || loader.isEmpty() || loader.equals("app") || loader.equals("platform");
        if (!builtinLoader) {
            sb.append(loader).append('/');
        }
        if (module != null) {
            sb.append(module);
            if (f.getModuleVersion() != null && !(module.startsWith("java.") || module.startsWith("jdk."))) {
                sb.append('@').append(f.getModuleVersion());
            }
        }
        if (module != null || !builtinLoader) {
            sb.append('/');
        }
        sb.append(f.getClassName()).append('.').append(f.getMethodName()).append('(');
        return ThreadText.source(sb, f).append(')').toString();
    }
}
