package dev.hatch.internal.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.leaks.MemoryView;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * {@code POST /ops/gc}: runs {@code System.gc()} and reports heap and pool usage before and
 * after, the collections it caused and how long it took. One at a time (409 otherwise). With
 * {@code -XX:+DisableExplicitGC} the JVM ignores the request; the answer says so.
 */
public final class GcRoute implements Capability {
    private final Semaphore oneAtATime = new Semaphore(1);

    /** The route. */
    @Override
    public List<Route> routes() {
        return List.of(Route.post(Route.PREFIX + "/gc", Scope.OPERATE, "gc", this::gc));
    }

    private void gc(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        if (!oneAtATime.tryAcquire()) {
            throw Problem.conflict("a GC requested through Hatch is already running; wait for it to finish");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            Map<String, Long> countsBefore = collections();
            Map<String, Object> before = usage();
            long start = System.nanoTime();
            System.gc();
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            Map<String, Object> after = usage();
            Map<String, Long> caused = collections();
            caused.replaceAll((name, count) -> count - countsBefore.getOrDefault(name, 0L));
            body.put("durationMs", durationMs);
            body.put("explicitGcDisabled", explicitGcDisabled());
            body.put("collections", caused);
            body.put("before", before);
            body.put("after", after);
        } finally {
            oneAtATime.release();
        }
        ex.audit("gcMs", body.get("durationMs"));
        ex.json(200, body);
    }

    private static Map<String, Object> usage() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heap", MemoryView.usage(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()));
        Map<String, Object> pools = new LinkedHashMap<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pools.put(pool.getName(), MemoryView.usage(pool.getUsage()));
            }
        }
        m.put("pools", pools);
        return m;
    }

    private static Map<String, Long> collections() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            m.put(gc.getName(), Math.max(0, gc.getCollectionCount()));
        }
        return m;
    }

    private static boolean explicitGcDisabled() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean != null && Boolean.parseBoolean(bean.getVMOption("DisableExplicitGC").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
