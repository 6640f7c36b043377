package dev.hatch.internal.threads;

import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Json;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /ops/threads}: every platform thread with its state, stack, the monitors and
 * ownable synchronizers it holds (on request) and what it waits for, and on JDK 21+ the virtual threads from
 * the JVM's own dump, grouped by thread container. JSON by default; {@code ?format=text} or
 * {@code Accept: text/plain} gives text in the line grammar of {@code jstack -l} that thread-dump
 * analysers read, with the virtual threads in a section of their own; {@code ?format=jcmd-json}
 * gives the JSON of {@code jcmd PID Thread.dump_to_file -format=json}. {@code ?virtual=false}
 * skips the virtual threads.
 * Also serves {@code /ops/threads/deadlocks} and {@code /ops/threads/busiest}.
 */
public final class ThreadRoutes implements Capability {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final VirtualThreads virtual;

    /**
     * @param dumpDirectory the private directory the JVM's thread dump file is written to (and deleted from)
     * @param virtualLimit the most virtual threads listed with stacks
     * @param virtualTimeout how long to wait for the JVM's thread dump
     */
    public ThreadRoutes(Path dumpDirectory, int virtualLimit, Duration virtualTimeout) {
        this.virtual = new VirtualThreads(dumpDirectory, virtualLimit, virtualTimeout);
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX + "/threads", Scope.MONITOR, "threads", this::dump),
                Route.get(Route.PREFIX + "/threads/deadlocks", Scope.MONITOR, "deadlocks", new DeadlockRoute(threads)::handle),
                Route.get(Route.PREFIX + "/threads/busiest", Scope.MONITOR, "busiest", new BusiestRoute(threads)::handle));
    }

    /** The values {@code ?format=} accepts. */
    static final List<String> FORMATS = List.of("json", "text", "jcmd-json");

    private void dump(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("format", "virtual", "monitors", "synchronizers"));
        String format = ex.query("format");
        if (format == null) {
            format = ex.accepts("text/plain") ? "text" : "json";
        } else if (!FORMATS.contains(format)) {
            throw Problem.badRequest("format must be one of " + String.join(", ", FORMATS) + " (got '"
                    + (format.length() > 40 ? format.substring(0, 40) + "…" : format) + "')");
        }
        boolean withVirtual = ex.boolParam("virtual", true);
        Locks locks = locks(ex);
        ex.header("Hatch-Thread-Locks", locks.header());
        if (format.equals("jcmd-json")) {
            jcmdJson(ex, withVirtual, locks);
            return;
        }
        ThreadInfo[] infos = threads.dumpAllThreads(locks.monitors(), locks.synchronizers());
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo t : infos) {
            names.put(t.getThreadId(), t.getThreadName());
        }
        VirtualThreads.Outcome vt = withVirtual ? virtual.take(names.keySet())
                : new VirtualThreads.Outcome(null, "not requested (virtual=false)", 0);
        if (vt.snapshot() != null) {
            ex.audit("virtualThreads", vt.snapshot().count());
        }
        if (format.equals("text")) {
            ex.header("Content-Type", "text/plain; charset=utf-8");
            try (Writer w = writer(ex)) {
                ThreadText.write(w, infos, cpuTimes(infos), locks.synchronizers(), vt, names);
            }
        } else {
            streamJson(ex, infos, locks, vt, names);
        }
    }

    /**
     * What a dump gathers besides the stacks, and why. Both cost the application time inside the
     * dump's pause: ownable synchronizers a walk over every object on the heap (what {@code jstack
     * -l} does; plain {@code jstack} does not), so they are gathered only when asked for; locked
     * monitors, on JDK 17, a scan of every inflated monitor for every thread.
     */
    record Locks(boolean monitors, boolean synchronizers, String note) {
        String header() {
            return "monitors=" + monitors + ", synchronizers=" + synchronizers + (note == null ? "" : "; " + note);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("monitors", monitors);
            m.put("synchronizers", synchronizers);
            if (note != null) {
                m.put("note", note);
            }
            return m;
        }
    }

    /**
     * On JDK 17 the JVM finds each thread's locked monitors by scanning every monitor in use, once
     * per thread, inside the pause (fixed in JDK 18): 10,000 threads waiting on a monitor each
     * paused the application for 3.0-3.3 s here instead of 0.4-0.5 s. Past this many platform
     * threads, monitors are left out on JDK 17 unless {@code monitors=true} asks for them.
     */
    static final int QUADRATIC_MONITORS_THREADS = 2_000;

    /** Whether gathering locked monitors for this many threads would pause the application too long (JDK 17). */
    private static boolean monitorsCostQuadratic(int threadCount) {
        return Runtime.version().feature() < 18 && threadCount > QUADRATIC_MONITORS_THREADS;
    }

    private Locks locks(Exchange ex) {
        boolean synchronizers = ex.boolParam("synchronizers", false) && threads.isSynchronizerUsageSupported();
        boolean supported = threads.isObjectMonitorUsageSupported();
        if (ex.query("monitors") != null) {
            return new Locks(ex.boolParam("monitors", true) && supported, synchronizers, null);
        }
        int count = threads.getThreadCount();
        if (supported && monitorsCostQuadratic(count)) {
            return new Locks(false, synchronizers, "locked monitors left out: " + count + " threads on JDK "
                    + Runtime.version().feature() + ", where gathering them pauses the application for a time that grows"
                    + " with threads x monitors; monitors=true gathers them");
        }
        return new Locks(supported, synchronizers, null);
    }

    /**
     * {@code format=jcmd-json}: on JDK 21+ the JVM's own dump (what {@code jcmd Thread.dump_to_file
     * -format=json} writes, virtual threads included), passed through unchanged; otherwise, or
     * when it is not ready in time, the same schema written from the platform threads, with a
     * {@code Hatch-Virtual-Threads} header saying why virtual threads are missing.
     */
    private void jcmdJson(Exchange ex, boolean withVirtual, Locks locks) throws IOException {
        StringBuilder reason = new StringBuilder();
        Path file = withVirtual ? virtual.jvmDump(reason) : null;
        ex.header("Content-Type", "application/json");
        if (file != null) {
            ex.audit("source", "jvm");
            try (OutputStream out = ex.stream(200, -1)) {
                Files.copy(file, out);
            } finally {
                Files.deleteIfExists(file);
            }
            return;
        }
        if (!withVirtual) {
            reason.append("not requested (virtual=false)");
        }
        ex.header("Hatch-Virtual-Threads", "not listed: " + reason.toString().replaceAll("[\\r\\n]", " "));
        ThreadInfo[] infos = threads.dumpAllThreads(locks.monitors(), false); // the schema has no synchronizers
        try (Writer w = writer(ex)) {
            JcmdJson.write(w, infos);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Writer writer(Exchange ex) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(ex.stream(200, -1), StandardCharsets.UTF_8), 64 * 1024);
    }

    /**
     * Writes the JSON thread by thread straight to the response (chunked): with 10,000 threads the
     * whole document would be hundreds of megabytes of maps and a 16 MB string held at once; this
     * way each thread's map dies young. Keys in the order the API lists them.
     */
    private void streamJson(Exchange ex, ThreadInfo[] infos, Locks locks, VirtualThreads.Outcome vt, Map<Long, String> names)
            throws IOException {
        Map<Long, Long> cpu = cpuTimes(infos);
        ex.header("Content-Type", "application/json");
        try (Writer w = new BufferedWriter(new OutputStreamWriter(ex.stream(200, -1), StandardCharsets.UTF_8), 64 * 1024)) {
            writeJson(w, infos, cpu, threads.getPeakThreadCount(), locks, virtualJson(vt, names));
        }
    }

    /** The thread dump document, one thread at a time (also what the JMH benchmark measures). */
    static void writeJson(Writer w, ThreadInfo[] infos, Map<Long, Long> cpu, int peakThreadCount, Locks locks,
            Map<String, Object> virtual) throws IOException {
        int daemons = 0;
        for (ThreadInfo t : infos) {
            daemons += t.isDaemon() ? 1 : 0;
        }
        try {
            w.write("{\"time\":");
            Json.quote(Instant.now().toString(), w);
            w.write(",\"threadCount\":" + infos.length + ",\"daemonCount\":" + daemons
                    + ",\"peakThreadCount\":" + peakThreadCount + ",\"locks\":");
            Json.write(locks.json(), w);
            w.write(",\"threads\":[");
            // Each thread is built in memory and handed to the writer in one call: a Writer's
            // per-character calls (each taking its lock) cost more than the formatting.
            StringBuilder sb = new StringBuilder(8192);
            for (int i = 0; i < infos.length; i++) {
                sb.setLength(0);
                if (i > 0) {
                    sb.append(',');
                }
                ThreadJson.writeThread(sb, infos[i], cpu.get(infos[i].getThreadId()), locks.synchronizers());
                w.append(sb);
            }
            w.write("],\"virtualThreads\":");
            Json.write(virtual, w);
            w.write('}');
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause(); // the client went away: the pipeline aborts the connection
        }
    }

    /**
     * A jstack-style dump of the platform threads (virtual threads left out: listing them takes a
     * JVM dump file), for a memory bundle. Does not close {@code out}.
     */
    public void writeText(OutputStream out) throws IOException {
        // No synchronizers: a bundle is written when memory is short, no time for a walk over the heap.
        boolean monitors = threads.isObjectMonitorUsageSupported() && !monitorsCostQuadratic(threads.getThreadCount());
        ThreadInfo[] infos = threads.dumpAllThreads(monitors, false);
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo t : infos) {
            names.put(t.getThreadId(), t.getThreadName());
        }
        Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), 64 * 1024);
        ThreadText.write(w, infos, cpuTimes(infos), false, new VirtualThreads.Outcome(null, "not listed in a bundle", 0), names);
        w.flush();
    }

    private Map<Long, Long> cpuTimes(ThreadInfo[] infos) {
        Map<Long, Long> cpu = new HashMap<>(infos.length * 2);
        if (threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
            long[] ids = new long[infos.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = infos[i].getThreadId();
            }
            // One call for all (HotSpot's bean), not one lookup of the thread list per thread.
            long[] nanos = threads instanceof com.sun.management.ThreadMXBean batch ? batch.getThreadCpuTime(ids) : null;
            for (int i = 0; i < ids.length; i++) {
                cpu.put(ids[i], nanos != null ? nanos[i] : threads.getThreadCpuTime(ids[i]));
            }
        }
        return cpu;
    }

    private Map<String, Object> virtualJson(VirtualThreads.Outcome vt, Map<Long, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        VirtualSnapshot s = vt.snapshot();
        m.put("available", s != null);
        if (s == null) {
            m.put("reason", vt.reason());
            return m;
        }
        m.put("count", s.count());
        m.put("listed", s.listed());
        m.put("limit", virtual.limit());
        m.put("truncated", s.listed() < s.count());
        m.put("durationMs", vt.durationMs());
        m.put("byState", s.byState());
        List<Object> containers = new ArrayList<>();
        for (VirtualSnapshot.Container c : s.containers()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("container", c.name());
            cm.put("parent", c.parent());
            cm.put("owner", ownerId(c.owner()));
            cm.put("count", c.count());
            List<Object> list = new ArrayList<>(c.threads().size());
            for (VirtualSnapshot.VThread t : c.threads()) {
                list.add(ThreadJson.virtual(t, names));
            }
            cm.put("threads", list);
            containers.add(cm);
        }
        m.put("containers", containers);
        return m;
    }

    /** The JVM reports a container's owner thread id, as text on JDK 21. */
    private static Object ownerId(String owner) {
        try {
            return owner == null ? null : Long.valueOf(owner);
        } catch (NumberFormatException e) {
            return owner;
        }
    }
}
