package dev.hatch.internal.metrics;

import dev.hatch.Scope;
import dev.hatch.internal.http.Capability;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.RequestMetrics;
import dev.hatch.internal.http.Route;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code GET /ops/metrics}: JVM, process and Hatch metrics in the Prometheus text exposition
 * format 0.0.4. Other capabilities contribute through {@link #addSource(MetricsSource)}; a source
 * that fails loses only its own families for that scrape and is counted in
 * {@code hatch_metrics_source_errors_total}.
 */
public final class MetricsRoute implements Capability {
    /** The content type of the 0.0.4 text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final System.Logger LOG = System.getLogger("dev.hatch.metrics");

    private final List<MetricsSource> sources = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong sourceErrors = new java.util.concurrent.atomic.AtomicLong();

    /** A route with the JVM and process sources. */
    public MetricsRoute(String hatchVersion) {
        sources.add(new JvmMetrics());
        sources.add(new ProcessMetrics(hatchVersion));
    }

    /** Adds a source; its families follow those already registered. */
    public void addSource(MetricsSource source) {
        sources.add(Objects.requireNonNull(source, "source"));
    }

    /** Adds Hatch's request counters. */
    public void addRequestMetrics(RequestMetrics metrics) {
        addSource(new HatchRequestMetrics(metrics));
    }

    /** The routes. */
    @Override
    public List<Route> routes() {
        return List.of(Route.get(Route.PREFIX + "/metrics", Scope.MONITOR, "metrics", this::scrape));
    }

    /** Collects every source into one exposition. */
    public String collect() {
        MetricsWriter all = new MetricsWriter();
        for (MetricsSource source : sources) {
            MetricsWriter own = new MetricsWriter();
            try {
                source.collect(own);
                all.append(own);
            } catch (RuntimeException | LinkageError e) {
                sourceErrors.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "metrics source " + source.getClass().getName() + " failed", e);
            }
        }
        all.counter("hatch_metrics_source_errors_total", "Metric sources that failed during a scrape and were left out.")
                .sample(sourceErrors.get());
        return all.toString();
    }

    private void scrape(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        ex.send(200, CONTENT_TYPE, collect());
    }
}
