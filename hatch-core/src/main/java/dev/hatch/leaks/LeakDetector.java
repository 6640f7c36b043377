package dev.hatch.leaks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The leak detector: every interval, on its own daemon thread, it takes the old generation's
 * post-GC samples the {@link GcWatcher} recorded, feeds the trustworthy ones into a lower
 * envelope at two time scales, samples the non-heap resources, and judges everything. It asks
 * for live class histograms (each a full GC, rate-limited by a pause budget) to confirm growth
 * the collector alone cannot show and to name the growing classes.
 *
 * <p>Why confirmations: G1 and Parallel collect the old generation rarely. Before they do, the
 * old generation after a young collection holds live objects and promoted garbage alike, so it
 * rises in a leak and in a harmless sawtooth. A histogram's full collection tells them apart:
 * when it frees almost nothing, the young-collection samples since the previous full collection
 * were the live set and are admitted into the series; when it frees a lot, they are dropped and
 * the detector backs off.
 */
public final class LeakDetector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.hatch.leaks");
    private static final long MIB = 1L << 20;
    private static final int PENDING = 4096;
    private static final int SNAPSHOTS = 8;
    private static final int MAX_BACKOFF = 6;
    private static final long EVIDENCE_MS = 30 * 60_000;

    private final LeakSettings settings;
    private final GcWatcher watcher;
    private final Histograms histograms;
    private final long blockMs;
    private final ScheduledExecutorService ticker;
    private final ExecutorService histogramThread;
    private final List<Consumer<Verdict>> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Snapshot> snapshots = new ArrayDeque<>();
    private final long originMs;

    // Owned by the ticker thread.
    private final Tiers heap;
    private final Tiers untrusted;
    private NonHeap nonHeap;
    private final long[] pendingT = new long[PENDING];
    private final long[] pendingV = new long[PENDING];
    private int pendingN;
    private long seq;
    private long samplesSeen;
    private long lost;
    private long lastTrustedMs;
    private long lastTrustedValue = -1;
    private long lastMajorMs = Long.MIN_VALUE;
    private boolean lastMajorClean;
    private long backstopMs = -1;
    private int backoff;
    private long nextHistogramMs;
    private final PauseBudget budget;
    private long confirmationsClean;
    private long confirmationsDirty;
    private long histogramAtMs = Long.MIN_VALUE;
    private boolean histogramJudged = true;
    private volatile boolean histogramRunning;
    private volatile Map<String, Object> report;
    private volatile Map<String, Object> state;
    private volatile Verdict verdict = Verdict.NONE;
    private volatile List<Suspects.Suspect> suspects = List.of();

    /** A detector over the given watcher and histogram service; call {@link #start()}. */
    public LeakDetector(LeakSettings settings, GcWatcher watcher, Histograms histograms) {
        this(settings, watcher, histograms, System.currentTimeMillis());
    }

    LeakDetector(LeakSettings settings, GcWatcher watcher, Histograms histograms, long originMs) {
        this.originMs = originMs;
        this.settings = settings;
        this.watcher = watcher;
        this.histograms = histograms;
        this.blockMs = settings.interval().toMillis();
        this.heap = new Tiers(blockMs);
        this.untrusted = new Tiers(blockMs);
        this.budget = new PauseBudget(settings.histogramBudgetPercent(), originMs);
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("hatch-leaks"));
        this.histogramThread = Executors.newSingleThreadExecutor(daemon("hatch-leaks-histogram"));
        this.report = LeakReport.starting();
        this.state = Map.of("verdict", Verdict.NONE, "intervalMs", blockMs, "starting", true);
    }

    /** Starts in the background: the GC listener is installed on the detector's thread, never the caller's. */
    public void start() {
        ticker.execute(() -> {
            try {
                watcher.install();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "leak detector cannot start; GET /ops/leaks will say so", e);
                report = LeakReport.unavailable(e.toString());
                return;
            }
            ticker.scheduleWithFixedDelay(this::safeTick, blockMs, blockMs, TimeUnit.MILLISECONDS);
        });
    }

    /** Called with the overall verdict after every judgement (on the detector's thread; be quick). */
    public void addVerdictListener(Consumer<Verdict> listener) {
        listeners.add(listener);
    }

    /** The latest leak report, in the {@code GET /ops/leaks} format. */
    public Map<String, Object> report() {
        return report;
    }

    /** The latest overall verdict. */
    public Verdict verdict() {
        return verdict;
    }

    /** The detector's internals for {@code GET /ops/memory}: tiers, confirmations, histograms. */
    public Map<String, Object> state() {
        return state;
    }

    /** Offers a live histogram taken on request, so that it counts as evidence too. */
    public void offer(Snapshot s) {
        if (s.live()) {
            synchronized (snapshots) {
                snapshots.addLast(s);
                while (snapshots.size() > SNAPSHOTS) {
                    snapshots.removeFirst();
                }
            }
        }
    }

    private void safeTick() {
        try {
            tickAt(System.currentTimeMillis());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "leak detector tick failed", e);
        }
    }

    /** One judgement at the given wall-clock time; the scheduler's job, and the tests' way in. */
    void tickAt(long now) {
        if (nonHeap == null) {
            nonHeap = new NonHeap(blockMs);
        }
        GcWatcher.Samples s = watcher.since(seq);
        seq = s.next;
        lost += s.lost;
        for (int i = 0; i < s.size(); i++) {
            accept(s.time[i] - originMs, s.after[i], s.before[i], s.kind[i]);
        }
        long rel = now - originMs;
        double max = watcher.oldMax();
        double material = Math.max(max / 100, MIB);
        long heapFlush = pendingN > 0 ? Math.min(rel, pendingT[0]) : rel;
        heap.assess(heapFlush, t -> Assessment.withLimit(t, max, material, rel));
        Assessment upper = untrusted.assess(rel, t -> Assessment.withLimit(t, max, material, rel));
        Assessment fast = capped(heap.fastAssessment(), untrusted.fastAssessment(), material);
        Assessment slow = capped(heap.slowAssessment(), untrusted.slowAssessment(), material);
        Assessment heapA = slow.verdict().compareTo(fast.verdict()) > 0 ? slow : fast;
        String note = "levelled".equals(heapA.why()) ? "levelled" : "";
        Verdict heapV = heapA.verdict();
        boolean upperRising = rising(upper.trend(), material);
        if (backstopMs >= 0 && rel - backstopMs <= 2 * blockMs && lastTrustedValue >= max * settings.backstopPercent() / 100.0
                && heapV.compareTo(Verdict.SUSPECTED) < 0) {
            heapV = Verdict.SUSPECTED;
            note = "backstop";
        }
        if (upperRising && heapV == Verdict.NONE && (lastMajorMs == Long.MIN_VALUE || lastMajorClean)) {
            heapV = Verdict.WATCH;
            note = "unconfirmed";
        }
        judgeConfirmation(upperRising, heapV);
        nonHeap.sample(now);
        Verdict overall = heapV;
        for (Assessment a : nonHeap.assessments().values()) {
            overall = overall.max(a.verdict());
        }
        maybeHistogram(rel, upperRising, "backstop".equals(note) ? heapV : heapA.verdict(), overall);
        List<Snapshot> evidence = new ArrayList<>();
        synchronized (snapshots) {
            for (Snapshot x : snapshots) {
                if (x.timeMs() >= now - EVIDENCE_MS) {
                    evidence.add(x);
                }
            }
        }
        // Growing classes are named only while something is growing, from recent histograms only.
        suspects = overall == Verdict.NONE ? List.of() : Suspects.rank(evidence);
        verdict = overall;
        report = new LeakReport(now, max, heapA, heapV, note, lastTrustedValue, samplesSeen, suspects, nonHeap, evidence.size(),
                settings.histograms()).toMap(overall);
        state = state(rel, heapA, upper);
        for (Consumer<Verdict> l : listeners) {
            try {
                l.accept(overall);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "verdict listener failed", e);
            }
        }
    }

    /**
     * Caps a trusted assessment at {@code watch} when the old generation after any collection,
     * at the same time scale, has stopped rising. That series bounds the live set from above, so
     * if it is flat the rise in the sparser trusted series is history, e.g. a warm-up.
     */
    static Assessment capped(Assessment trusted, Assessment upper, double material) {
        Trend u = upper.trend();
        if (trusted.verdict().compareTo(Verdict.WATCH) > 0 && u.points() >= Assessment.N_WATCH
                && (!rising(u, material) || u.levelling())) {
            return new Assessment(Verdict.WATCH, trusted.trend(), trusted.limit(), trusted.millisToLimit(), "levelled");
        }
        return trusted;
    }

    /**
     * Whether the samples after any collection rise enough to be worth a confirmation: a lower
     * bar than a verdict (four blocks, 95 %), because a confirmation is what turns them into evidence.
     */
    static boolean rising(Trend t, double material) {
        return t.points() >= 4 && t.slopePerMs() > 0 && t.p() <= Assessment.P_WATCH && t.growth() >= material;
    }

    /** Routes one post-GC sample: see the class comment. Times are relative to the detector's start. */
    void accept(long t, long after, long before, int kind) {
        samplesSeen++;
        untrusted.add(t, after);
        if (kind == GcWatcher.MINOR) {
            if (pendingN < PENDING) {
                pendingT[pendingN] = t;
                pendingV[pendingN] = after;
                pendingN++;
            }
            return;
        }
        if (kind == GcWatcher.MAJOR) {
            boolean clean = before - after <= 0.05 * after + MIB;
            lastMajorMs = t;
            lastMajorClean = clean;
            if (clean) {
                for (int i = 0; i < pendingN; i++) {
                    heap.add(pendingT[i], pendingV[i]);
                }
            }
        }
        pendingN = 0;
        heap.add(t, after);
        lastTrustedMs = t;
        lastTrustedValue = after;
        if (after >= watcher.oldMax() * settings.backstopPercent() / 100.0) {
            backstopMs = t;
        }
    }

    /**
     * Learns from the histogram's full collection: growth confirmed, or a verdict of suspected
     * or worse, keeps the pace; anything else backs off (doubling the interval, up to 64 times).
     */
    private void judgeConfirmation(boolean upperRising, Verdict heapV) {
        if (histogramJudged || lastMajorMs < histogramAtMs) {
            return;
        }
        histogramJudged = true;
        if (lastMajorClean && upperRising) {
            confirmationsClean++;
        } else if (!lastMajorClean) {
            confirmationsDirty++;
        }
        if (heapV.compareTo(Verdict.SUSPECTED) >= 0 || lastMajorClean && upperRising) {
            backoff = 0;
        } else {
            backoff = Math.min(backoff + 1, MAX_BACKOFF);
        }
    }

    private void maybeHistogram(long rel, boolean upperRising, Verdict trusted, Verdict overall) {
        if (!settings.histograms() || histogramRunning || rel < nextHistogramMs || !budget.allows(originMs + rel)) {
            return;
        }
        boolean confirm = upperRising && rel - lastTrustedMs >= settings.histogramInterval().toMillis();
        boolean attribute = trusted.compareTo(Verdict.WATCH) >= 0 || overall.compareTo(Verdict.SUSPECTED) >= 0;
        if (!confirm && !attribute) {
            return;
        }
        histogramRunning = true;
        histogramAtMs = rel;
        histogramJudged = false;
        histogramThread.execute(() -> {
            try {
                offer(histograms.take(true, 0));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "detector histogram skipped: " + e.getMessage());
            } finally {
                try {
                    ticker.execute(this::histogramDone);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    histogramRunning = false;
                }
            }
        });
    }

    private void histogramDone() {
        histogramRunning = false;
        budget.spend(System.currentTimeMillis(), Math.max(histograms.lastPauseMs(), 0));
        long interval = settings.histogramInterval().toMillis();
        int factor = 1 << backoff;
        if (verdict.compareTo(Verdict.SUSPECTED) >= 0) {
            factor = snapshotCount() >= SNAPSHOTS - 2 ? 4 : 1;
        }
        nextHistogramMs = System.currentTimeMillis() - originMs + interval * factor;
        // Judge the histogram's full collection as soon as its notification is in, not a whole interval later.
        if (!ticker.isShutdown()) {
            ticker.schedule(this::safeTick, 300, TimeUnit.MILLISECONDS);
        }
    }

    private int snapshotCount() {
        synchronized (snapshots) {
            return snapshots.size();
        }
    }

    private Map<String, Object> state(long rel, Assessment heapA, Assessment upper) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdict);
        m.put("intervalMs", blockMs);
        m.put("samples", samplesSeen);
        m.put("samplesLost", lost);
        m.put("pendingYoungSamples", pendingN);
        m.put("fastTier", LeakReport.tier(heap.fastAssessment(), heap.fast(), originMs, rel));
        m.put("slowTier", LeakReport.tier(heap.slowAssessment(), heap.slow(), originMs, rel));
        m.put("afterAnyCollection", LeakReport.tier(upper, untrusted.fast(), originMs, rel));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("enabled", settings.histograms());
        h.put("kept", snapshotCount());
        h.put("lastPauseMs", histograms.lastPauseMs());
        h.put("budgetLeftMs", budget.leftMs(originMs + rel));
        h.put("confirmedGrowth", confirmationsClean);
        h.put("refuted", confirmationsDirty);
        h.put("backoff", backoff);
        h.put("nextInMs", Math.max(0, nextHistogramMs - rel));
        m.put("histograms", h);
        m.put("listenerNanos", watcher.listenerNanos());
        return m;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        histogramThread.shutdownNow();
    }
}
