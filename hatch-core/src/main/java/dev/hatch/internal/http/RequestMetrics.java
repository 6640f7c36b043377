package dev.hatch.internal.http;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the {@link Pipeline} served: by route name, status class and outcome, with
 * the time spent, and the refusals (problem responses other than internal errors) by reason. Labels come from fixed sets (route names, never
 * raw paths), so a scanner cannot grow the number of series. Thread-safe and lock-free on the
 * request path.
 */
public final class RequestMetrics {
    /** Refusal reasons that always appear, at zero until they happen, so alerts can use {@code rate()}. */
    public static final List<String> STANDARD_REASONS = List.of("unauthenticated", "forbidden", "rate-limited", "unavailable");
    private static final String NO_ROUTE = "none";

    private final Map<Key, Counts> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    /** Counters for the standard refusal reasons start at zero. */
    public RequestMetrics() {
        for (String reason : STANDARD_REASONS) {
            refusals.put(reason, new LongAdder());
        }
    }

    /**
     * Records one finished request.
     *
     * @param route the matched route's name, or {@code null} when no route matched
     * @param status the response status
     * @param outcome the audit record's outcome ({@code ok}, {@code refused}, {@code error}...)
     * @param nanos time spent serving it
     */
    public void record(String route, int status, String outcome, long nanos) {
        Counts c = requests.computeIfAbsent(new Key(route == null ? NO_ROUTE : route, statusClass(status), outcome),
                k -> new Counts());
        c.count.increment();
        c.nanos.add(nanos);
        String reason = "ok".equals(outcome) || "error".equals(outcome) || "aborted".equals(outcome) ? null : refusalReason(status);
        if (reason != null) {
            refusals.computeIfAbsent(reason, r -> new LongAdder()).increment();
        }
    }

    /** The request counters, ordered by route, status class and outcome. */
    public Map<Key, Snapshot> requests() {
        Map<Key, Snapshot> out = new TreeMap<>();
        requests.forEach((k, c) -> out.put(k, new Snapshot(c.count.sum(), c.nanos.sum() / 1e9)));
        return out;
    }

    /** Refusals by reason, ordered by reason. */
    public Map<String, Long> refusals() {
        Map<String, Long> out = new TreeMap<>();
        refusals.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
    }

    /** Why a request was refused, from the status of its problem response; {@code null} for other statuses. */
    static String refusalReason(int status) {
        return switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 429 -> "rate-limited";
            case 503 -> "unavailable";
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 409 -> "conflict";
            case 413, 414, 431 -> "too-large";
            default -> status >= 400 && status < 500 ? "other-client-error" : null;
        };
    }

    /** The labels of one request counter. */
    public record Key(String route, String statusClass, String outcome) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = route.compareTo(o.route);
            if (c == 0) {
                c = statusClass.compareTo(o.statusClass);
            }
            return c != 0 ? c : outcome.compareTo(o.outcome);
        }
    }

    /** A counter's value at one moment. */
    public record Snapshot(long count, double seconds) {
    }

    private static final class Counts {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }
}
