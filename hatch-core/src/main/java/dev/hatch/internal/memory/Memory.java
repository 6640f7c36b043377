package dev.hatch.internal.memory;

import dev.hatch.ConfigException;
import dev.hatch.internal.audit.AuditLog;
import dev.hatch.internal.config.Settings;
import dev.hatch.internal.container.ContainerMemory;
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
import dev.hatch.internal.http.Json;
import dev.hatch.internal.triggers.Bundle;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the memory capabilities: the GC watcher, the leak detector, class histograms, stored
 * dumps, triggers and container memory (its view, the native-heap trim, its metrics). Their resources are put at the head of the endpoint's list so that they
 * close before the audit log they write to.
 */
public final class Memory implements Capability {
    private final LeakDetector detector;
    private final ContainerMemory container;
    private final Triggers triggers;
    private final List<Route> routes;

    private Memory(LeakDetector detector, ContainerMemory container, Triggers triggers, List<Route> routes) {
        this.detector = detector;
        this.container = container;
        this.triggers = triggers;
        this.routes = routes;
    }

    public static Memory create(Settings b, HeapDumper dumper, AuditLog audit, List<AutoCloseable> resources) throws IOException {
        return create(b, dumper, audit, resources, new Bundle());
    }

    /**
     * Wires the memory capabilities; container triggers write {@code bundle}, to which this adds
     * its sections: the container snapshot with the native-memory trend, NMT's summary and a
     * class histogram taken without a collection.
     */
    public static Memory create(Settings b, HeapDumper dumper, AuditLog audit, List<AutoCloseable> resources, Bundle bundle)
            throws IOException {
        GcWatcher watcher = new GcWatcher();
        resources.add(0, watcher);
        Histograms histograms = new Histograms();
        long quota = b.heapDumpQuota > 0 ? b.heapDumpQuota : 2 * Runtime.getRuntime().maxMemory();
        DumpStore store = new DumpStore(dumper, b.heapDumpRetention, quota);
        resources.add(0, store);
        LeakDetector detector = b.leaks.enabled() ? new LeakDetector(b.leaks, watcher, histograms, dumper.directory()) : null;
        ContainerMemory container = ContainerMemory.under(b.cgroupRoot);
        if (detector != null) {
            detector.watchNativeMemory(container);
            resources.add(0, detector);
        }
        java.util.function.Supplier<java.util.Map<String, Object>> trend = detector == null ? LeakDetector::nativeTrendOff
                : detector::nativeTrend;
        bundle.add("container.json", 1L << 20, out -> {
            java.util.Map<String, Object> json = container.snapshot().toJson();
            json.put("trend", trend.get());
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Json.write(json, w);
            w.flush();
            return null;
        });
        bundle.add("nmt-summary.txt", 1L << 20, out -> {
            out.write(container.nmtSummaryText().getBytes(StandardCharsets.UTF_8));
            return null;
        });
        bundle.add("class-histogram.txt", 16L << 20, out -> {
            // The JVM hands the histogram over as one string; it is written out without a second copy.
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(histograms.allObjectsText(5_000));
            w.flush();
            return "every object on the heap, garbage included (GC.class_histogram -all): no collection was forced";
        });
        Triggers triggers = new Triggers(store, audit, watcher, detector != null, container, bundle);
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
        routes.addAll(new ContainerRoutes(container, trend).routes());
        return new Memory(detector, container, triggers, routes);
    }

    /**
     * Publishes container memory (limit, usage, OOM kills, RSS by kind, NMT categories) and the
     * leak verdict, growth rate, confidence and time to exhaustion on {@code GET /ops/metrics}
     * (the names the documented alert rules use).
     */
    public void addMetrics(dev.hatch.internal.metrics.MetricsRoute metrics) {
        metrics.addSource(new ContainerMetrics(container));
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
        triggers.start();
    }
}
