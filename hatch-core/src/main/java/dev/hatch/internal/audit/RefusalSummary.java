package dev.hatch.internal.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps a flood of refusals from becoming the attack on the audit log: per interval, the first
 * {@code after} refusals of each client address are written one by one; further ones are only
 * counted, per reason, and written as one summary record per address when the interval ends.
 */
final class RefusalSummary {
    private static final int MAX_CLIENTS = 10_000;
    private static final String OVERFLOW = "(other addresses)";

    private final int after;
    private final Duration interval;
    private Instant windowStart;
    private final Map<String, Client> clients = new HashMap<>();

    RefusalSummary(int after, Duration interval, Instant now) {
        this.after = after;
        this.interval = interval;
        this.windowStart = now;
    }

    /** Whether the refusal is written as a record of its own; otherwise it is counted. */
    synchronized boolean write(String client, String reason) {
        String key = clients.containsKey(client) || clients.size() < MAX_CLIENTS ? client : OVERFLOW;
        Client c = clients.computeIfAbsent(key, k -> new Client());
        if (c.written < after && !key.equals(OVERFLOW)) {
            c.written++;
            return true;
        }
        c.suppressed.merge(reason, 1L, Long::sum);
        return false;
    }

    /**
     * The summary records of the interval if it has ended (or {@code force}), oldest first,
     * and a fresh interval.
     */
    synchronized List<Map<String, Object>> drain(Instant now, boolean force) {
        if (!force && now.isBefore(windowStart.plus(interval))) {
            return List.of();
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (Map.Entry<String, Client> e : new TreeMap<>(clients).entrySet()) {
            Map<String, Long> suppressed = e.getValue().suppressed;
            if (suppressed.isEmpty()) {
                continue;
            }
            long total = 0;
            for (long n : suppressed.values()) {
                total += n;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("time", now.toString());
            r.put("type", "summary");
            r.put("client", e.getKey());
            r.put("from", windowStart.toString());
            r.put("to", now.toString());
            r.put("outcome", "summary");
            r.put("written", e.getValue().written);
            r.put("counted", total);
            r.put("reasons", new TreeMap<>(suppressed));
            records.add(r);
        }
        clients.clear();
        windowStart = now;
        return records;
    }

    private static final class Client {
        int written;
        final Map<String, Long> suppressed = new HashMap<>();
    }
}
