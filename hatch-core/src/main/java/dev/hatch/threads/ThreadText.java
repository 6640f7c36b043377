package dev.hatch.threads;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Renders a thread dump in the layout of {@code jstack} (HotSpot's {@code Thread.print}), so
 * that existing thread-dump analysers can read it: a quoted name, {@code #id}, daemon, prio,
 * {@code java.lang.Thread.State}, tab-indented frames with {@code - locked <0x…> (a …)} lines and
 * a "Locked ownable synchronizers" section.
 */
final class ThreadText {
    private ThreadText() {
    }

    static String render(ThreadInfo[] infos, Map<Long, Long> cpuNanos, VirtualThreads.Outcome virtual, Map<Long, String> names) {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        StringBuilder sb = new StringBuilder(infos.length * 1024);
        sb.append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).append('\n');
        sb.append("Full thread dump ").append(rt.getVmName()).append(" (").append(rt.getVmVersion()).append("):\n\n");
        for (ThreadInfo t : infos) {
            thread(sb, t, cpuNanos.get(t.getThreadId()));
        }
        if (virtual.snapshot() != null) {
            virtualThreads(sb, virtual.snapshot(), names);
        } else if (VirtualThreads.supported()) {
            sb.append("Virtual threads not listed: ").append(virtual.reason()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Virtual threads, which jstack leaves out, in the same layout after the platform threads:
     * one header per thread container, then each thread with {@code virtual} in its headline.
     */
    private static void virtualThreads(StringBuilder sb, VirtualSnapshot s, Map<Long, String> names) {
        sb.append("Virtual threads: ").append(s.count());
        if (s.listed() < s.count()) {
            sb.append(" (").append(s.listed()).append(" listed)");
        }
        sb.append("\n\n");
        for (VirtualSnapshot.Container c : s.containers()) {
            sb.append("Thread container ").append(c.name()).append(" (").append(c.count()).append(" virtual)\n\n");
            for (VirtualSnapshot.VThread t : c.threads()) {
                sb.append('"').append(t.name()).append("\" #").append(t.id()).append(" virtual");
                if (t.carrier() != null) {
                    sb.append(" carrier=\"").append(names.getOrDefault(t.carrier(), "")).append("\" #").append(t.carrier());
                }
                sb.append('\n');
                if (t.state() != null) {
                    sb.append("   java.lang.Thread.State: ").append(t.state()).append('\n');
                }
                for (int i = 0; i < t.stack().size(); i++) {
                    sb.append("\tat ").append(t.stack().get(i)).append('\n');
                    if (i == 0 && t.waitingOn() != null) {
                        sb.append("\t- waiting on ").append(ref(t.waitingOn())).append('\n');
                    }
                    for (String lock : t.lockedAt().getOrDefault(i, List.of())) {
                        sb.append("\t- locked ").append(ref(lock)).append('\n');
                    }
                }
                sb.append('\n');
            }
        }
    }

    /** {@code java.lang.Object@35ef1869} as jstack writes locks: {@code <0x0000000035ef1869> (a java.lang.Object)}. */
    private static String ref(String identity) {
        int at = identity.lastIndexOf('@');
        if (at <= 0) {
            return "<" + identity + ">";
        }
        String hex = identity.substring(at + 1);
        return "<0x" + "0".repeat(Math.max(0, 16 - hex.length())) + hex + "> (a " + identity.substring(0, at) + ")";
    }

    private static void thread(StringBuilder sb, ThreadInfo t, Long cpu) {
        sb.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId());
        if (t.isDaemon()) {
            sb.append(" daemon");
        }
        sb.append(" prio=").append(t.getPriority());
        if (cpu != null && cpu >= 0) {
            sb.append(String.format(" cpu=%.2fms", cpu / 1e6));
        }
        sb.append(" tid=0x").append(String.format("%016x", t.getThreadId()));
        sb.append(' ').append(headline(t)).append('\n');
        sb.append("   java.lang.Thread.State: ").append(t.getThreadState());
        switch (t.getThreadState()) {
            case WAITING, TIMED_WAITING -> {
                if (parked(t)) {
                    sb.append(" (parking)");
                } else if (t.getLockInfo() != null) {
                    sb.append(" (on object monitor)");
                } else {
                    sb.append(" (sleeping)");
                }
            }
            case BLOCKED -> sb.append(" (on object monitor)");
            default -> {
            }
        }
        sb.append('\n');
        StackTraceElement[] frames = t.getStackTrace();
        MonitorInfo[] monitors = t.getLockedMonitors();
        for (int i = 0; i < frames.length; i++) {
            sb.append("\tat ").append(frame(frames[i])).append('\n');
            if (i == 0 && t.getLockInfo() != null) {
                String verb = switch (t.getThreadState()) {
                    case BLOCKED -> "waiting to lock";
                    case WAITING, TIMED_WAITING -> parked(t) ? "parking to wait for" : "waiting on";
                    default -> "waiting on";
                };
                sb.append("\t- ").append(verb.trim()).append(' ').append(ref(t.getLockInfo())).append('\n');
            }
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == i) {
                    sb.append("\t- locked ").append(ref(m)).append('\n');
                }
            }
        }
        LockInfo[] syncs = t.getLockedSynchronizers();
        sb.append("\n   Locked ownable synchronizers:\n");
        if (syncs.length == 0) {
            sb.append("\t- None\n");
        }
        for (LockInfo l : syncs) {
            sb.append("\t- ").append(ref(l)).append('\n');
        }
        sb.append('\n');
    }

    private static String headline(ThreadInfo t) {
        return switch (t.getThreadState()) {
            case RUNNABLE -> "runnable";
            case BLOCKED -> "waiting for monitor entry";
            case WAITING, TIMED_WAITING -> t.getLockInfo() == null || parked(t) ? "waiting on condition" : "in Object.wait()";
            default -> t.getThreadState().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Parked in {@code LockSupport.park} (a j.u.c. lock or condition) rather than in {@code Object.wait}. */
    private static boolean parked(ThreadInfo t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getMethodName().equals("park") && frames[0].getClassName().endsWith("Unsafe");
    }

    private static String ref(LockInfo l) {
        return String.format("<0x%016x> (a %s)", l.getIdentityHashCode() & 0xffffffffL, l.getClassName());
    }

    private static String frame(StackTraceElement f) {
        StringBuilder sb = new StringBuilder();
        if (f.getModuleName() != null) {
            sb.append(f.getModuleName());
            if (f.getModuleVersion() != null) {
                sb.append('@').append(f.getModuleVersion());
            }
            sb.append('/');
        }
        sb.append(f.getClassName()).append('.').append(f.getMethodName()).append('(');
        if (f.isNativeMethod()) {
            sb.append("Native Method");
        } else if (f.getFileName() == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(f.getFileName());
            if (f.getLineNumber() >= 0) {
                sb.append(':').append(f.getLineNumber());
            }
        }
        return sb.append(')').toString();
    }
}
