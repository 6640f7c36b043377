package dev.hatch.internal.metrics;

/**
 * Something that contributes metric families to {@code GET /ops/metrics}, e.g. the leak
 * detector's verdict and growth rate. Sources are called on the scraping thread, one after the
 * other; a source that throws loses only its own families for that scrape.
 *
 * <pre>{@code
 * metricsRoute.addSource(w -> w.gauge("hatch_leak_verdict", "Leak verdict: 0 none .. 3 likely").sample(2));
 * }</pre>
 */
@FunctionalInterface
public interface MetricsSource {
    /** Writes this source's families. Keep it cheap: it runs on every scrape. */
    void collect(MetricsWriter writer);
}
