package dev.hatch.internal.leaks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When the detector takes a histogram. Two reasons: to <em>confirm</em> growth seen only after
 * young collections (the histogram's full collection shows whether the old generation held
 * garbage) and to <em>attribute</em> growth to classes once something reads {@code watch} or
 * worse. Never more often than the interval, within the {@link PauseBudget}; confirmations that
 * find nothing back off, doubling the interval up to 64 times. Owned by the detector's thread.
 */
final class Confirmations {
    private static final int MAX_BACKOFF = 6;

    private final LeakSettings settings;
    private final PauseBudget budget;
    private int backoff;
    private long nextMs;
    private long takenAtMs = Long.MIN_VALUE;
    private boolean judged = true;
    private long clean;
    private long dirty;

    Confirmations(LeakSettings settings, long originMs) {
        this.settings = settings;
        this.budget = new PauseBudget(settings.histogramBudgetPercent(), originMs);
    }

    /** Whether to take a histogram now (times relative to the detector's start, {@code now} absolute for the budget). */
    boolean due(long rel, long now, HeapSeries.Judgement heap, long lastTrustedMs, Verdict overall) {
        if (!settings.histograms() || rel < nextMs || !budget.allows(now)) {
            return false;
        }
        boolean confirm = heap.needsConfirmation() && rel - lastTrustedMs >= settings.histogramInterval().toMillis();
        Verdict trusted = "backstop".equals(heap.note()) ? heap.verdict() : heap.assessment().verdict();
        boolean attribute = trusted.compareTo(Verdict.WATCH) >= 0 || overall.compareTo(Verdict.SUSPECTED) >= 0;
        return confirm || attribute;
    }

    /** A histogram was started. */
    void started(long rel) {
        takenAtMs = rel;
        judged = false;
    }

    /** A histogram finished: charge its pause and set the earliest next one. */
    void finished(long rel, long now, long pauseMs, Verdict verdict, int kept, int keptMax) {
        budget.spend(now, pauseMs);
        int factor = 1 << backoff;
        if (verdict.compareTo(Verdict.SUSPECTED) >= 0) {
            factor = kept >= keptMax - 2 ? 4 : 1;
        }
        nextMs = rel + settings.histogramInterval().toMillis() * factor;
    }

    /**
     * Learns from the histogram's full collection once its sample is in: growth confirmed, or a
     * verdict of suspected or worse, keeps the pace; anything else backs off.
     */
    void learn(HeapSeries series, HeapSeries.Judgement heap) {
        if (judged || series.lastMajorMs() < takenAtMs) {
            return;
        }
        judged = true;
        boolean confirmed = series.lastMajorClean() && heap.needsConfirmation();
        if (confirmed) {
            clean++;
        } else if (!series.lastMajorClean()) {
            dirty++;
        }
        backoff = heap.verdict().compareTo(Verdict.SUSPECTED) >= 0 || confirmed ? 0 : Math.min(backoff + 1, MAX_BACKOFF);
    }

    /** The state for {@code GET /ops/memory}. */
    Map<String, Object> toJson(long rel, long now) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("enabled", settings.histograms());
        h.put("budgetLeftMs", budget.leftMs(now));
        h.put("confirmedGrowth", clean);
        h.put("refuted", dirty);
        h.put("backoff", backoff);
        h.put("nextInMs", Math.max(0, nextMs - rel));
        return h;
    }
}
