package dev.hatch.internal.memory;

import dev.hatch.ConfigException;
import dev.hatch.internal.audit.AuditLog;
import dev.hatch.internal.config.Settings;
import dev.hatch.internal.container.ContainerMetrics;
import dev.hatch.internal.container.ContainerRoutes;
import dev.hatch.internal.heap.DumpStore;
import dev.hatch.internal.heap.HeapDumper;
import dev.hatch.internal.heap.StoredDumpRoutes;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.leaks.GcWatcher;
import dev.hatch.internal.leaks.Histograms;
import dev.hatch.internal.leaks.LeakDetector;
import dev.hatch.internal.leaks.LeakRoutes;
import dev.hatch.internal.triggers.TriggerRoutes;
import dev.hatch.internal.triggers.TriggerSpec;
import dev.hatch.internal.triggers.Triggers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the memory capabilities: the GC watcher, the leak detector, class histograms, stored
 * dumps, triggers and container memory (its view, the native-heap trim, its metrics). Their resources are put at the head of the endpoint's list so that they
 * close before the audit log they write to.
 */
public final class Memory implements Capability {
    private final LeakDetector detector;
    private final List<Route> routes;

    private Memory(LeakDetector detector, List<Route> routes) {
        this.detector = detector;
        this.routes = routes;
    }

    public static Memory create(Settings b, HeapDumper dumper, AuditLog audit, List<AutoCloseable> resources) throws IOException {
        GcWatcher watcher = new GcWatcher();
        resources.add(0, watcher);
        Histograms histograms = new Histograms();
        long quota = b.heapDumpQuota > 0 ? b.heapDumpQuota : 2 * Runtime.getRuntime().maxMemory();
        DumpStore store = new DumpStore(dumper, b.heapDumpRetention, quota);
        resources.add(0, store);
        LeakDetector detector = b.leaks.enabled() ? new LeakDetector(b.leaks, watcher, histograms, dumper.directory()) : null;
        if (detector != null) {
            resources.add(0, detector);
        }
        Triggers triggers = new Triggers(store, audit, watcher, detector != null);
        resources.add(0, triggers);
        if (detector != null) {
            detector.addVerdictListener(triggers::onVerdict);
        }
        for (TriggerSpec spec : b.triggers.values()) {
            try {
                triggers.put(spec);
            } catch (dev.hatch.internal.http.Problem p) {
                throw new ConfigException("hatch.trigger." + spec.name() + ": " + p.detail(), p);
            }
        }
        List<Route> routes = new ArrayList<>();
        routes.addAll(new LeakRoutes(watcher, detector, histograms, b.limits.histogramCooldown).routes());
        routes.addAll(new StoredDumpRoutes(store).routes());
        routes.addAll(new TriggerRoutes(triggers).routes());
        routes.addAll(new ContainerRoutes().routes());
        return new Memory(detector, routes);
    }

    /**
     * Publishes container memory (limit, usage, OOM kills, RSS by kind, NMT categories) and the
     * leak verdict, growth rate, confidence and time to exhaustion on {@code GET /ops/metrics}
     * (the names the documented alert rules use).
     */
    public void addMetrics(dev.hatch.internal.metrics.MetricsRoute metrics) {
        metrics.addSource(new ContainerMetrics());
        if (detector == null) {
            return;
        }
        metrics.addSource(w -> {
            w.gauge("hatch_leak_verdict", "Leak verdict: 0 none, 1 watch, 2 suspected, 3 likely.")
                    .sample(detector.verdict().ordinal());
            Object heap = detector.report().get("heap");
            if (heap instanceof java.util.Map<?, ?> h) {
                if (h.get("growthBytesPerMinute") instanceof Number n) {
                    w.gauge("hatch_leak_growth_bytes_per_minute", "Growth of the retained heap (post-GC old generation), bytes per minute.")
                            .sample(n.doubleValue());
                }
                if (h.get("confidence") instanceof Number n) {
                    w.gauge("hatch_leak_confidence", "Confidence of the growth trend, 0 to 1.").sample(n.doubleValue());
                }
                if (h.get("projectedExhaustion") instanceof String at) {
                    double seconds = java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(at)).toMillis() / 1000.0;
                    w.gauge("hatch_leak_exhaustion_seconds", "Seconds until the heap is full at the current growth (absent when not growing).")
                            .sample(Math.max(0, seconds));
                }
            }
        });
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    /** Starts what runs in the background; returns at once. */
    @Override
    public void start() {
        if (detector != null) {
            detector.start();
        }
    }
}
