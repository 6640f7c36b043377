package dev.hatch.internal.leaks;

/**
 * A token bucket of pause time: the detector's histograms may pause the application for at most
 * {@code percent} of wall time, measured over ten-minute windows. The bucket holds ten minutes'
 * worth ({@code 6 s} at 1 %), starts half full and refills continuously; a histogram is allowed
 * when the bucket holds as much as the last one cost (or is full, for heaps whose full
 * collection is longer than the whole bucket). A window rather than a fixed interval lets a
 * slow first full collection (page faults, class loading) be followed by the fast ones.
 */
final class PauseBudget {
    static final long WINDOW_MS = 600_000;

    private final double percent;
    private final double capacityMs;
    private double tokensMs;
    private long refilledAt;
    private long lastCostMs;

    PauseBudget(double percent, long nowMs) {
        this.percent = percent;
        this.capacityMs = WINDOW_MS * percent / 100;
        this.tokensMs = capacityMs / 2;
        this.refilledAt = nowMs;
    }

    private void refill(long nowMs) {
        if (nowMs > refilledAt) {
            tokensMs = Math.min(capacityMs, tokensMs + (nowMs - refilledAt) * percent / 100);
            refilledAt = nowMs;
        }
    }

    /** Whether a histogram may run now. */
    synchronized boolean allows(long nowMs) {
        refill(nowMs);
        return tokensMs >= Math.min(lastCostMs, capacityMs);
    }

    /** Records what a histogram cost. */
    synchronized void spend(long nowMs, long costMs) {
        refill(nowMs);
        tokensMs -= costMs;
        lastCostMs = costMs;
    }

    /** Pause time left in the bucket. */
    synchronized long leftMs(long nowMs) {
        refill(nowMs);
        return Math.round(tokensMs);
    }
}
