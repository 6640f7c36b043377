package dev.hatch.internal.threads;

import java.io.IOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a thread dump in the line grammar of {@code jstack -l} (HotSpot's {@code Thread.print}),
 * thread by thread, so that thread-dump analysers read it. What Java cannot know gets a stable
 * placeholder: {@code os_prio=0}, {@code elapsed=0.00s}, {@code nid=0x0} and a last-known-Java-frame
 * address of {@code [0x0000000000000000]}; {@code tid=} carries the Java thread id in hex (unique,
 * stable across dumps), not the JVM's internal address. Lock addresses are identity hash codes.
 */
final class ThreadText {
    private static final String NO_ADDRESS = "  [0x0000000000000000]";

    private ThreadText() {
    }

    /**
     * @param synchronizers whether the dump gathered ownable synchronizers: then each thread ends
     *     with jstack -l's "Locked ownable synchronizers" section, otherwise, as plain jstack, without
     */
    static void write(Appendable out, ThreadInfo[] infos, Map<Long, Long> cpuNanos, boolean synchronizers,
            VirtualThreads.Outcome virtual, Map<Long, String> names) throws IOException {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        out.append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).append('\n');
        out.append("Full thread dump ").append(rt.getVmName()).append(" (").append(rt.getVmVersion())
                .append(' ').append(System.getProperty("java.vm.info", "")).append("):\n\n");
        StringBuilder sb = new StringBuilder(4096);
        for (ThreadInfo t : infos) {
            sb.setLength(0);
            thread(sb, t, cpuNanos.get(t.getThreadId()), synchronizers);
            out.append(sb);
        }
        if (virtual.snapshot() != null) {
            virtualThreads(out, virtual.snapshot(), names);
        } else if (VirtualThreads.supported()) {
            out.append("Virtual threads not listed: ").append(virtual.reason()).append("\n\n");
        }
    }

    /**
     * Virtual threads, which jstack leaves out, after the platform threads in the same grammar
     * (virtual threads are daemons; cpu and elapsed are unknown and left out, as older jstacks
     * did), under a header per thread container. A mounted thread names its carrier on a line of
     * its own after the state, where jstack puts its own extra lines.
     */
    private static void virtualThreads(Appendable out, VirtualSnapshot s, Map<Long, String> names) throws IOException {
        out.append("Virtual threads: ").append(Integer.toString(s.count()));
        if (s.listed() < s.count()) {
            out.append(" (").append(Integer.toString(s.listed())).append(" listed)");
        }
        out.append("\n\n");
        StringBuilder sb = new StringBuilder(4096);
        for (VirtualSnapshot.Container c : s.containers()) {
            out.append("Thread container ").append(c.name()).append(" (").append(Integer.toString(c.count()))
                    .append(" virtual)\n\n");
            for (VirtualSnapshot.VThread t : c.threads()) {
                sb.setLength(0);
                virtualThread(sb, t, names);
                out.append(sb);
            }
        }
    }

    private static void virtualThread(StringBuilder sb, VirtualSnapshot.VThread t, Map<Long, String> names) {
        boolean parked = !t.stack().isEmpty() && t.stack().get(0).contains("VirtualThread.park");
        String state = t.state() == null ? "WAITING" : t.state();
        hex16(quoted(sb, t.name()).append(" #").append(t.id()).append(" daemon prio=5 os_prio=0 tid=0x"), t.id())
                .append(" nid=0x0 ");
        sb.append(switch (state) {
            case "RUNNABLE" -> "runnable";
            case "BLOCKED" -> "waiting for monitor entry";
            default -> "waiting on condition";
        }).append(NO_ADDRESS).append('\n');
        if (t.state() != null) {
            sb.append("   java.lang.Thread.State: ").append(state).append(stateDetail(state, parked, t.waitingOn() != null)).append('\n');
        }
        if (t.carrier() != null) {
            sb.append("   Carrier thread: \"").append(names.getOrDefault(t.carrier(), "")).append("\" #").append(t.carrier()).append('\n');
        }
        for (int i = 0; i < t.stack().size(); i++) {
            sb.append("\tat ").append(jstackFrame(t.stack().get(i))).append('\n');
            if (i == 0 && t.waitingOn() != null) {
                String verb = state.equals("BLOCKED") ? "waiting to lock " : parked ? "parking to wait for  " : "waiting on ";
                sb.append("\t- ").append(verb).append(ref(t.waitingOn())).append('\n');
            }
            for (String lock : t.lockedAt().getOrDefault(i, List.of())) {
                sb.append("\t- locked ").append(ref(lock)).append('\n');
            }
        }
        sb.append('\n');
    }

    /** {@code java.lang.Object@35ef1869} as jstack writes locks: {@code <0x0000000035ef1869> (a java.lang.Object)}. */
    private static String ref(String identity) {
        int at = identity.lastIndexOf('@');
        if (at <= 0) {
            return "<0x0000000000000000> (a " + identity + ")";
        }
        String hex = identity.substring(at + 1);
        return "<0x" + "0".repeat(Math.max(0, 16 - hex.length())) + hex + "> (a " + identity.substring(0, at) + ")";
    }

    private static void thread(StringBuilder sb, ThreadInfo t, Long cpu, boolean synchronizers) {
        quoted(sb, t.getThreadName()).append(" #").append(t.getThreadId());
        if (t.isDaemon()) {
            sb.append(" daemon");
        }
        sb.append(" prio=").append(t.getPriority()).append(" os_prio=0");
        sb.append(" cpu=");
        hundredths(sb, cpu != null && cpu >= 0 ? Math.round(cpu / 1e4) : 0).append("ms");
        hex16(sb.append(" elapsed=0.00s tid=0x"), t.getThreadId()).append(" nid=0x0 ");
        sb.append(headline(t)).append(NO_ADDRESS).append('\n');
        boolean parked = parked(t);
        boolean inWait = inObjectWait(t);
        sb.append("   java.lang.Thread.State: ").append(t.getThreadState())
                .append(stateDetail(t.getThreadState().name(), parked, t.getLockInfo() != null || inWait)).append('\n');
        StackTraceElement[] frames = t.getStackTrace();
        MonitorInfo[] monitors = t.getLockedMonitors();
        // ThreadMXBean does not list the monitor a thread waits on in Object.wait() as locked;
        // jstack writes it as locked in the frame that entered it: the first frame past Object.wait.
        int waitFrame = inWait && t.getLockInfo() != null ? firstFramePastWait(frames) : -1;
        for (int i = 0; i < frames.length; i++) {
            jstackFrame(sb.append("\tat "), frames[i]).append('\n');
            if (i == 0 && t.getLockInfo() != null) {
                String verb = switch (t.getThreadState()) {
                    case BLOCKED -> inWait ? "waiting to re-lock in wait() " : "waiting to lock ";
                    case WAITING, TIMED_WAITING -> parked ? "parking to wait for  " : "waiting on ";
                    default -> "waiting on ";
                };
                ref(sb.append("\t- ").append(verb), t.getLockInfo()).append('\n');
            }
            if (i == waitFrame) {
                ref(sb.append("\t- locked "), t.getLockInfo()).append('\n');
            }
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == i) {
                    ref(sb.append("\t- locked "), m).append('\n');
                }
            }
        }
        if (synchronizers) {
            LockInfo[] syncs = t.getLockedSynchronizers();
            sb.append("\n   Locked ownable synchronizers:\n");
            if (syncs.length == 0) {
                sb.append("\t- None\n");
            }
            for (LockInfo l : syncs) {
                ref(sb.append("\t- "), l).append('\n');
            }
        }
        sb.append('\n');
    }

    private static StringBuilder quoted(StringBuilder sb, String name) {
        // jstack writes names as they are; a line break would end the header line early
        return sb.append('"').append(name.replace('\n', ' ').replace('\r', ' ')).append('"');
    }

    // Written by hand, not with String.format: for 10,000 threads the formatter's parsing of
    // its pattern, twice per thread and once per lock, was a large share of the dump's time.

    /** {@code v} as 16 lower-case hex digits, zero-padded. */
    private static StringBuilder hex16(StringBuilder sb, long v) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            sb.append(Character.forDigit((int) (v >>> shift) & 0xf, 16));
        }
        return sb;
    }

    /** {@code hundredths / 100} with two decimals, as {@code %.2f} writes a non-negative number. */
    private static StringBuilder hundredths(StringBuilder sb, long hundredths) {
        long rest = hundredths % 100;
        return sb.append(hundredths / 100).append('.').append(rest < 10 ? "0" : "").append(rest);
    }

    private static String stateDetail(String state, boolean parked, boolean onMonitor) {
        return switch (state) {
            case "WAITING", "TIMED_WAITING" -> parked ? " (parking)" : onMonitor ? " (on object monitor)" : " (sleeping)";
            case "BLOCKED" -> " (on object monitor)";
            default -> "";
        };
    }

    private static String headline(ThreadInfo t) {
        if (inObjectWait(t) && t.getThreadState() != Thread.State.RUNNABLE) {
            return "in Object.wait()"; // also when notified and blocked re-locking, as jstack writes it
        }
        return switch (t.getThreadState()) {
            case RUNNABLE -> "runnable";
            case BLOCKED -> "waiting for monitor entry";
            case WAITING, TIMED_WAITING -> inObjectWait(t) ? "in Object.wait()" : "waiting on condition";
            default -> t.getThreadState().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Parked in {@code LockSupport.park} (a j.u.c. lock or condition) rather than in {@code Object.wait}. */
    private static boolean parked(ThreadInfo t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getMethodName().equals("park") && frames[0].getClassName().endsWith("Unsafe");
    }

    /** In {@code Object.wait} ({@code wait0} on JDK 21+), waiting or, once notified, re-locking. */
    private static boolean inObjectWait(ThreadInfo t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().equals("java.lang.Object") && frames[0].getMethodName().startsWith("wait");
    }

    private static int firstFramePastWait(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            if (!(frames[i].getClassName().equals("java.lang.Object") && frames[i].getMethodName().startsWith("wait"))) {
                return i;
            }
        }
        return -1;
    }

    private static StringBuilder ref(StringBuilder sb, LockInfo l) {
        return hex16(sb.append("<0x"), l.getIdentityHashCode() & 0xffffffffL).append("> (a ").append(l.getClassName()).append(')');
    }

    /** jstack's frame: the class first, then the module inside the parentheses, e.g. {@code java.lang.Thread.sleep(java.base@17/Native Method)}. */
    static String jstackFrame(StackTraceElement f) {
        return jstackFrame(new StringBuilder(), f).toString();
    }

    /** {@link #jstackFrame(StackTraceElement)}, appended to {@code sb}. */
    static StringBuilder jstackFrame(StringBuilder sb, StackTraceElement f) {
        sb.append(f.getClassName()).append('.').append(f.getMethodName()).append('(');
        if (f.getModuleName() != null) {
            sb.append(f.getModuleName());
            if (f.getModuleVersion() != null) {
                sb.append('@').append(f.getModuleVersion());
            }
            sb.append('/');
        }
        return source(sb, f).append(')');
    }

    /** Appends where a frame is, as the JDK writes it: {@code Native Method}, {@code Unknown Source} or {@code File.java:N}. */
    static StringBuilder source(StringBuilder sb, StackTraceElement f) {
        if (f.isNativeMethod()) {
            return sb.append("Native Method");
        }
        if (f.getFileName() == null) {
            return sb.append("Unknown Source");
        }
        sb.append(f.getFileName());
        return f.getLineNumber() >= 0 ? sb.append(':').append(f.getLineNumber()) : sb;
    }

    /** A frame as the JVM's JSON dump writes it ({@code StackTraceElement.toString()}), in jstack's order. */
    private static String jstackFrame(String text) {
        Map<String, Object> f = ThreadJson.frame(text);
        Object line = f.get("line");
        return jstackFrame(new StackTraceElement(null, (String) f.get("module"), null, (String) f.get("class"),
                (String) f.get("method"), (String) f.get("file"), line instanceof Integer n ? n : -1));
    }
}
