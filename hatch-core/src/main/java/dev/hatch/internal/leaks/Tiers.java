package dev.hatch.internal.leaks;

import java.util.function.Function;

/**
 * One series seen at two time scales. The fast tier (short blocks, a sliding window of a few
 * minutes) catches a steep leak early; the slow tier (longer blocks over the whole history,
 * coarsening as it fills) catches a slow leak that is invisible over minutes. The verdict is
 * the more severe of the two.
 */
final class Tiers {
    /** Blocks in the fast tier's window. */
    static final int FAST_BLOCKS = 60;
    /** The slow tier's blocks are this many fast blocks long. */
    static final int SLOW_FACTOR = 12;
    /** Blocks the slow tier keeps before it merges neighbours. */
    static final int SLOW_BLOCKS = 240;

    private final Envelope fast;
    private final Envelope slow;
    private Assessment fastAssessment = Assessment.NONE;
    private Assessment slowAssessment = Assessment.NONE;
    // The trends are the costly part (Theil–Sen and Mann–Kendall are quadratic in the blocks):
    // kept until a tier's closed blocks change, which for the slow tier is once in 12 ticks.
    private Trend fastTrend;
    private Trend slowTrend;
    private long fastVersion = -1;
    private long slowVersion = -1;

    Tiers(long blockMs) {
        this.fast = Envelope.window(blockMs, FAST_BLOCKS);
        this.slow = Envelope.history(blockMs * SLOW_FACTOR, SLOW_BLOCKS);
    }

    void add(long timeMs, double value) {
        fast.add(timeMs, value);
        slow.add(timeMs, value);
    }

    /** Closes finished blocks and re-judges both tiers. */
    Assessment assess(long nowMs, Function<Trend, Assessment> judge) {
        fast.flush(nowMs);
        slow.flush(nowMs);
        if (fast.version() != fastVersion) {
            fastTrend = Trend.of(fast);
            fastVersion = fast.version();
        }
        if (slow.version() != slowVersion) {
            slowTrend = Trend.of(slow);
            slowVersion = slow.version();
        }
        fastAssessment = judge.apply(fastTrend);
        slowAssessment = judge.apply(slowTrend);
        return worst();
    }

    /** The more severe assessment of the two tiers (the fast one on a tie). */
    Assessment worst() {
        return slowAssessment.verdict().compareTo(fastAssessment.verdict()) > 0 ? slowAssessment : fastAssessment;
    }

    Assessment fastAssessment() {
        return fastAssessment;
    }

    Assessment slowAssessment() {
        return slowAssessment;
    }

    Envelope fast() {
        return fast;
    }

    Envelope slow() {
        return slow;
    }
}
