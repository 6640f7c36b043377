package dev.hatch.internal.metrics;

import dev.hatch.internal.http.RequestMetrics;
import java.util.Map;

/** Hatch's own traffic: requests by route, status class and outcome, time spent, refusals by reason. */
final class HatchRequestMetrics implements MetricsSource {
    private final RequestMetrics metrics;

    HatchRequestMetrics(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void collect(MetricsWriter w) {
        Map<RequestMetrics.Key, RequestMetrics.Snapshot> requests = metrics.requests();
        MetricsWriter.Family count = w.counter("hatch_requests_total",
                "Requests Hatch served, by route name (none: no route matched), status class and outcome.");
        requests.forEach((k, v) -> count.sample(v.count(), labels(k)));
        MetricsWriter.Family seconds = w.counter("hatch_request_seconds_total",
                "Time Hatch spent serving requests, by route name, status class and outcome.");
        requests.forEach((k, v) -> seconds.sample(v.seconds(), labels(k)));
        MetricsWriter.Family refusals = w.counter("hatch_refusals_total",
                "Requests Hatch refused, by reason (unauthenticated, forbidden, rate-limited, unavailable, ...).");
        metrics.refusals().forEach((reason, n) -> refusals.sample(n, "reason", reason));
    }

    private static String[] labels(RequestMetrics.Key k) {
        return new String[] {"route", k.route(), "status", k.statusClass(), "outcome", k.outcome()};
    }
}
