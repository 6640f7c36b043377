package dev.hatch.internal.leaks;

import dev.hatch.internal.concurrent.DaemonThreads;
import dev.hatch.internal.concurrent.SharedTimer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The leak detector: every interval, on the shared timer thread ({@code hatch-timer}), it takes the
 * post-GC samples the {@link GcWatcher} recorded into the {@link HeapSeries}, samples the
 * {@link NonHeap} resources, judges everything, and publishes the report. It takes live class
 * histograms on {@code hatch-leaks-histogram} when {@link Confirmations} says so, to confirm
 * growth the collector alone cannot show and to name the growing classes ({@link Suspects}).
 *
 * <p>Why confirmations: G1 and Parallel collect the old generation rarely. Before they do, the
 * old generation after a young collection holds live objects and promoted garbage alike, so it
 * rises in a leak and in a harmless sawtooth. A histogram's full collection tells them apart.
 */
public final class LeakDetector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.hatch.leaks");
    private static final int SNAPSHOTS = 8;
    private static final long EVIDENCE_MS = 30 * 60_000;

    private final LeakSettings settings;
    private final GcWatcher watcher;
    private final Histograms histograms;
    private final long blockMs;
    private final long originMs;
    private final SharedTimer ticker;
    private final ExecutorService histogramThread;
    private final List<Consumer<Verdict>> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Snapshot> snapshots = new ArrayDeque<>();

    // Owned by the ticker thread.
    private final AllocationSites sites;
    private final HeapSeries heap;
    private final Confirmations confirmations;
    private NonHeap nonHeap;
    private volatile NativeMemory nativeMemory;
    private long seq;
    private long lost;
    private final long sampleMs;
    private long lastTimerCheckMs;
    private long writtenAtTimerCheck;

    private volatile boolean histogramRunning;
    private volatile long ownClasses;
    private volatile long ownMetaspace;
    private volatile Map<String, Object> report;
    private volatile Map<String, Object> state;
    private volatile Verdict verdict = Verdict.NONE;

    /**
     * A detector over the given watcher and histogram service; call {@link #start()}.
     *
     * @param privateDir a private directory for short-lived JFR dumps (allocation sites), or null for none
     */
    public LeakDetector(LeakSettings settings, GcWatcher watcher, Histograms histograms, java.nio.file.Path privateDir) {
        this(settings, watcher, histograms, System.currentTimeMillis(), privateDir);
    }

    LeakDetector(LeakSettings settings, GcWatcher watcher, Histograms histograms, long originMs, java.nio.file.Path privateDir) {
        this.settings = settings;
        this.watcher = watcher;
        this.histograms = histograms;
        this.originMs = originMs;
        this.blockMs = settings.interval().toMillis();
        this.heap = new HeapSeries(blockMs);
        this.sites = new AllocationSites(settings.allocationSites() ? privateDir : null);
        this.confirmations = new Confirmations(settings, originMs);
        this.ticker = SharedTimer.acquire();
        // On demand: the thread ends 30 s after the last histogram.
        this.histogramThread = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("hatch-leaks-histogram"));
        this.report = LeakReport.starting(blockMs);
        this.sampleMs = settings.sampleInterval().toMillis();
        this.lastTimerCheckMs = originMs;
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

    /**
     * Also follows memory past the heap ({@link NativeMemory}): the resident set size against the
     * container's limit, and each category the JVM accounts for. Call before {@link #start()}.
     */
    public void watchNativeMemory(dev.hatch.internal.container.ContainerMemory source) {
        nativeMemory = new NativeMemory(source, blockMs);
    }

    /** The native-memory trend for {@code GET /ops/memory/container}: verdict, growing category, time to the limit. */
    public Map<String, Object> nativeTrend() {
        NativeMemory n = nativeMemory;
        return n == null ? NativeMemory.disabled() : n.published();
    }

    /** What {@code GET /ops/memory/container} says of the trend when the detector is disabled. */
    public static Map<String, Object> nativeTrendOff() {
        return NativeMemory.disabled();
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
        double max = watcher.oldMax();
        double backstop = max * settings.backstopPercent() / 100.0;
        sampleIfQuiet(now);
        SampleRing.Samples s = watcher.since(seq);
        seq = s.next;
        lost += s.lost;
        for (int i = 0; i < s.size(); i++) {
            heap.accept(s.time[i] - originMs, s.after[i], s.before[i], s.kind[i], backstop);
        }
        long rel = now - originMs;
        HeapSeries.Judgement h = heap.judge(rel, max, backstop);
        confirmations.learn(heap, h);
        nonHeap.sample(now);
        Verdict overall = h.verdict();
        for (Assessment a : nonHeap.assessments().values()) {
            overall = overall.max(a.verdict());
        }
        NativeMemory natives = nativeMemory;
        if (natives != null) {
            try {
                natives.sample(now, h.verdict());
                overall = overall.max(natives.contribution());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "native memory sample failed", e);
            }
        }
        if (!histogramRunning && confirmations.due(rel, now, h, heap.lastTrustedMs(), overall)) {
            takeHistogram(rel, overall.compareTo(Verdict.SUSPECTED) >= 0);
        }
        List<Snapshot> evidence = evidence(now);
        // Growing classes are named only while something is growing, from recent histograms only.
        List<Suspects.Suspect> suspects = overall == Verdict.NONE ? List.of() : Suspects.rank(evidence);
        verdict = overall;
        LeakReport.Evidence ev = new LeakReport.Evidence(originMs, heap.trustedSeen(), heap.youngSeen(), heap.sampledSeen(),
                heap.lastTrustedValue() < 0 ? -1 : originMs + heap.lastTrustedMs(), heap.lastSampledValue(), sampleMs,
                lastTimerCheckMs + sampleMs, h.needsConfirmation(),
                Math.max(heap.trusted().fastAssessment().trend().points(), heap.trusted().slowAssessment().trend().points()));
        report = new LeakReport(now, max, h.assessment(), h.verdict(), h.note(), heap.lastTrustedValue(), ev, suspects,
                nonHeap, natives, evidence.size(), settings.histograms(), sites::of).toMap(overall);
        state = state(rel, now, h);
        for (Consumer<Verdict> l : listeners) {
            try {
                l.accept(overall);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "verdict listener failed", e);
            }
        }
    }

    /**
     * The timer: when no collection was recorded for a sample interval, reads the heap's usage
     * (no collection forced) so that a quiet program still yields samples. At most one reading
     * per sample interval, into the watcher's bounded ring.
     */
    private void sampleIfQuiet(long now) {
        if (now - lastTimerCheckMs < sampleMs) {
            return;
        }
        if (watcher.written() == writtenAtTimerCheck) {
            watcher.sampleNow(now);
        }
        lastTimerCheckMs = now;
        writtenAtTimerCheck = watcher.written();
    }

    private void takeHistogram(long rel, boolean suspected) {
        histogramRunning = true;
        confirmations.started(rel);
        long[] before = nonHeap.classFootprint();
        histogramThread.execute(() -> {
            try {
                offer(histograms.take(true, 0));
                if (suspected) {
                    sites.start();
                    sites.refresh();
                }
                long[] after = nonHeap.classFootprint();
                ownClasses = after[0] - before[0];
                ownMetaspace = after[1] - before[1];
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "detector histogram skipped: " + e.getMessage());
            } finally {
                try {
                    ticker.execute(this::histogramDone);
                } catch (RejectedExecutionException closed) {
                    histogramRunning = false;
                }
            }
        });
    }

    private void histogramDone() {
        histogramRunning = false;
        nonHeap.discount(ownClasses, ownMetaspace);
        ownClasses = 0;
        ownMetaspace = 0;
        long now = System.currentTimeMillis();
        confirmations.finished(now - originMs, now, Math.max(histograms.lastPauseMs(), 0), verdict, evidence(now).size(), SNAPSHOTS);
        // Judge the histogram's full collection as soon as its notification is in, not a whole interval later.
        try {
            ticker.schedule(this::safeTick, 300, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // shutting down
        }
    }

    private List<Snapshot> evidence(long now) {
        List<Snapshot> out = new ArrayList<>();
        synchronized (snapshots) {
            for (Snapshot x : snapshots) {
                if (x.timeMs() >= now - EVIDENCE_MS) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    private Map<String, Object> state(long rel, long now, HeapSeries.Judgement h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdict);
        m.put("intervalMs", blockMs);
        // Named apart from the report's heap.samples (the live-heap readings behind the trend, in its window):
        // these count every sample since the detector started, by what it measures.
        m.put("samplesSeen", heap.samples());
        m.put("liveReadings", heap.trustedSeen());
        m.put("youngSamples", heap.youngSeen());
        // The live heap exactly as the leak report's explanation states it: the old generation
        // right after the latest collection that collected it (not after a young collection).
        m.put("liveBytes", heap.lastTrustedValue() < 0 ? null : (Object) heap.lastTrustedValue());
        m.put("liveAt", heap.lastTrustedValue() < 0 ? null : java.time.Instant.ofEpochMilli(originMs + heap.lastTrustedMs()).toString());
        m.put("samplesLost", lost);
        m.put("pendingYoungSamples", heap.pending());
        m.put("fastTier", LeakReport.tier(heap.trusted().fastAssessment(), heap.trusted().fast(), originMs));
        m.put("slowTier", LeakReport.tier(heap.trusted().slowAssessment(), heap.trusted().slow(), originMs));
        m.put("afterAnyCollection", LeakReport.tier(h.upper(), heap.upper().fast(), originMs));
        m.put("sampleIntervalMs", sampleMs);
        m.put("timerSamples", heap.sampledSeen());
        m.put("withoutCollection", LeakReport.tier(heap.quiet().worst(), heap.quiet().fast(), originMs));
        Map<String, Object> c = confirmations.toJson(rel, now);
        c.put("kept", evidence(now).size());
        c.put("lastPauseMs", histograms.lastPauseMs());
        m.put("histograms", c);
        m.put("listenerNanos", watcher.listenerNanos());
        return m;
    }

    @Override
    public void close() {
        ticker.close();
        histogramThread.shutdownNow();
        sites.close();
    }
}
