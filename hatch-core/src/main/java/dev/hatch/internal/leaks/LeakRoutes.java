package dev.hatch.internal.leaks;

import dev.hatch.Scope;
import dev.hatch.internal.http.Exchange;
import dev.hatch.internal.http.Problem;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.security.Exclusive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /ops/leaks} (the leak report), {@code GET /ops/memory} (pools, collectors, buffer
 * pools, the post-GC series) and {@code GET /ops/histogram?top=N&diff=ID&live=true} (a class
 * histogram, optionally compared with an earlier one still kept in memory).
 */
public final class LeakRoutes {
    private static final Pattern SNAPSHOT_ID = Pattern.compile("h[0-9]{1,12}");
    private static final long HISTOGRAM_WAIT_MS = 10_000;

    private final GcWatcher watcher;
    private final LeakDetector detector;
    private final Histograms histograms;
    private final Exclusive liveHistograms;

    /**
     * Routes over the given parts.
     *
     * @param detector the detector, or null when disabled by configuration
     */
    public LeakRoutes(GcWatcher watcher, LeakDetector detector, Histograms histograms) {
        this(watcher, detector, histograms, Duration.ZERO);
    }

    /**
     * Routes over the given parts.
     *
     * @param detector the detector, or null when disabled by configuration
     * @param liveCooldown after a live histogram (a full GC) asked for by a caller, the next is refused with 429 for this long
     */
    public LeakRoutes(GcWatcher watcher, LeakDetector detector, Histograms histograms, Duration liveCooldown) {
        this.watcher = watcher;
        this.detector = detector;
        this.histograms = histograms;
        this.liveHistograms = new Exclusive("live class histogram (a full GC)", liveCooldown);
    }

    /** The routes. */
    public List<Route> routes() {
        return List.of(
                Route.get(Route.PREFIX + "/leaks", Scope.MONITOR, "leaks", this::leaks),
                Route.get(Route.PREFIX + "/memory", Scope.MONITOR, "memory", this::memory),
                Route.get(Route.PREFIX + "/histogram", Scope.DUMP, "histogram", this::histogram));
    }

    private void leaks(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        if (detector == null) {
            throw Problem.forbidden("the leak detector is disabled by configuration (hatch.leaks.enabled=false)");
        }
        ex.json(200, detector.report());
    }

    private void memory(Exchange ex) throws Exception {
        ex.allowOnly(Set.of());
        ex.json(200, MemoryView.build(watcher, detector));
    }

    private void histogram(Exchange ex) throws Exception {
        ex.allowOnly(Set.of("top", "diff", "live"));
        int top = ex.intParam("top", 50, 1, 10_000);
        boolean live = ex.boolParam("live", true);
        String diffId = ex.query("diff");
        Snapshot before = null;
        if (diffId != null) {
            if (!SNAPSHOT_ID.matcher(diffId).matches()) {
                throw Problem.badRequest("diff must be the id of an earlier histogram, such as h3");
            }
            before = histograms.get(diffId);
            if (before == null) {
                throw Problem.notFound("histogram " + diffId + " is no longer kept (the newest " + Histograms.KEPT
                        + " are); kept now: " + String.join(", ", histograms.keptIds()));
            }
        }
        Snapshot now;
        if (live) {
            // A live histogram is a full, stop-the-world collection: rationed like heap dumps.
            Exclusive.Claim claim = liveHistograms.claim();
            try {
                now = histograms.take(true, HISTOGRAM_WAIT_MS);
            } finally {
                claim.close();
            }
        } else {
            now = histograms.take(false, HISTOGRAM_WAIT_MS);
        }
        ex.audit("histogram", now.id());
        ex.audit("pauseMs", now.pauseMs());
        if (detector != null) {
            detector.offer(now);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", now.id());
        body.put("time", Instant.ofEpochMilli(now.timeMs()).toString());
        body.put("live", now.live());
        body.put("pauseMs", now.pauseMs());
        body.put("totalInstances", now.totalInstances());
        body.put("totalBytes", now.totalBytes());
        if (before != null) {
            body.put("diff", before.id());
            body.put("since", Instant.ofEpochMilli(before.timeMs()).toString());
            body.put("classes", diff(before, now, top));
        } else {
            List<Object> classes = new ArrayList<>();
            for (int i = 0; i < Math.min(top, now.size()); i++) {
                classes.add(row(now.names()[i], now.instances()[i], now.bytes()[i]));
            }
            body.put("classes", classes);
        }
        body.put("kept", histograms.keptIds());
        ex.json(200, body);
    }

    /** Classes by bytes gained since the earlier snapshot, largest change first (losses last). */
    static List<Object> diff(Snapshot before, Snapshot now, int top) {
        Map<String, Integer> old = before.index();
        List<long[]> rows = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (int i = 0; i < now.size(); i++) {
            Integer j = old.get(now.names()[i]);
            long oi = j == null ? 0 : before.instances()[j];
            long ob = j == null ? 0 : before.bytes()[j];
            rows.add(new long[] {i, now.instances()[i], now.bytes()[i], now.instances()[i] - oi, now.bytes()[i] - ob, 0});
            seen.put(now.names()[i], true);
        }
        for (int j = 0; j < before.size(); j++) {
            if (!seen.containsKey(before.names()[j])) {
                rows.add(new long[] {j, 0, 0, -before.instances()[j], -before.bytes()[j], 1});
            }
        }
        rows.sort(Comparator.comparingLong((long[] r) -> r[4]).reversed());
        List<Object> out = new ArrayList<>();
        for (long[] r : rows.subList(0, Math.min(top, rows.size()))) {
            String name = r[5] == 0 ? now.names()[(int) r[0]] : before.names()[(int) r[0]];
            Map<String, Object> m = row(name, r[1], r[2]);
            m.put("instancesDelta", r[3]);
            m.put("bytesDelta", r[4]);
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> row(String name, long instances, long bytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", name);
        m.put("instances", instances);
        m.put("bytes", bytes);
        return m;
    }
}
