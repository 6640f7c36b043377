package dev.hatch.internal.leaks;

/**
 * The old generation's post-GC samples as the detector judges them. Samples from collections
 * that collected the old generation go straight into the trusted series; samples after young
 * collections go into the upper-bound series and wait: a later full collection that frees
 * almost nothing (a clean one: at most 5 % + 1 MB, or a fifth of the rise since the last trusted
 * sample) proves that rise was live objects, and admits them into the trusted series too; any
 * other trusted sample discards them. Samples read on the timer without a collection (the
 * heap's usage, garbage included) go into a third series of their own: they never count as
 * evidence of a leak, but when they rise they call for a confirmation like a rising upper bound.
 * Owned by the detector's thread.
 */
final class HeapSeries {
    private static final long MIB = 1L << 20;
    private static final int PENDING = 4096;
    /** A full collection that frees at most this share of the rise it follows still confirms it. */
    static final double CLEAN_SHARE_OF_RISE = 0.2;

    private final Tiers trusted;
    private final Tiers upper;
    private final Tiers quiet;
    private final long blockMs;
    private final long[] pendingT = new long[PENDING];
    private final long[] pendingV = new long[PENDING];
    private int pendingN;
    private long samples;
    private long trustedSeen;
    private long youngSeen;
    private long sampledSeen;
    private long lastSampledMs = -1;
    private long lastSampledValue = -1;
    private long lastTrustedMs;
    private long lastTrustedValue = -1;
    private long lastMajorMs = Long.MIN_VALUE;
    private boolean lastMajorClean;
    private long backstopMs = -1;

    HeapSeries(long blockMs) {
        this.blockMs = blockMs;
        this.trusted = new Tiers(blockMs);
        this.upper = new Tiers(blockMs);
        this.quiet = new Tiers(blockMs);
    }

    /**
     * A judgement of the heap.
     *
     * @param assessment the trusted series' assessment, capped when the upper bound has levelled
     * @param verdict the heap's verdict, raised by the backstop or by unconfirmed growth
     * @param note why the verdict differs from the trend: {@code levelled}, {@code backstop}, {@code unconfirmed}, or empty
     * @param upper the upper-bound series' assessment
     * @param upperRising whether the upper bound rises enough to be worth confirming
     * @param quietRising whether the heap read on the timer (no collection) rises enough to be worth confirming
     */
    record Judgement(Assessment assessment, Verdict verdict, String note, Assessment upper, boolean upperRising,
                     boolean quietRising) {
        /** Whether anything rises that only a full collection can tell from garbage. */
        boolean needsConfirmation() {
            return upperRising || quietRising;
        }
    }

    /** Routes one post-GC sample. Times are relative to the detector's start. */
    void accept(long t, long after, long before, int kind, double backstopBytes) {
        samples++;
        if (kind == GcWatcher.SAMPLED) {
            // "before" is the heap's usage at that moment: no collection, so garbage included.
            sampledSeen++;
            lastSampledMs = t;
            lastSampledValue = before;
            quiet.add(t, before);
            return;
        }
        upper.add(t, after);
        if (kind == GcWatcher.MINOR) {
            youngSeen++;
            if (pendingN < PENDING) {
                pendingT[pendingN] = t;
                pendingV[pendingN] = after;
                pendingN++;
            }
            return;
        }
        if (kind == GcWatcher.MAJOR) {
            // Clean: it freed little, absolutely or next to how far the old generation rose since the
            // last trusted sample (a first full collection also frees start-up garbage).
            double rise = pendingN > 0 ? before - pendingV[0] : 0;
            boolean clean = before - after <= Math.max(0.05 * after + MIB, CLEAN_SHARE_OF_RISE * rise);
            lastMajorMs = t;
            lastMajorClean = clean;
            if (clean) {
                for (int i = 0; i < pendingN; i++) {
                    trusted.add(pendingT[i], pendingV[i]);
                }
            }
        }
        pendingN = 0;
        trustedSeen++;
        trusted.add(t, after);
        lastTrustedMs = t;
        lastTrustedValue = after;
        if (after >= backstopBytes) {
            backstopMs = t;
        }
    }

    /** Judges both series at time {@code rel} against the old generation's maximum. */
    Judgement judge(long rel, double max, double backstopBytes) {
        double material = Math.max(max / 100, MIB);
        // Blocks that pending samples may still fall into stay open until those are judged.
        long flush = pendingN > 0 ? Math.min(rel, pendingT[0]) : rel;
        trusted.assess(flush, t -> Assessment.withLimit(t, max, material, rel));
        Assessment up = upper.assess(rel, t -> Assessment.withLimit(t, max, material, rel));
        Assessment fast = capped(trusted.fastAssessment(), upper.fastAssessment(), material);
        Assessment slow = capped(trusted.slowAssessment(), upper.slowAssessment(), material);
        Assessment a = slow.verdict().compareTo(fast.verdict()) > 0 ? slow : fast;
        String note = "levelled".equals(a.why()) ? "levelled" : "";
        Verdict v = a.verdict();
        boolean upperRising = rising(up.trend(), material);
        quiet.assess(rel, t -> Assessment.withLimit(t, max, material, rel));
        boolean quietRising = rising(quiet.fastAssessment().trend(), material) || rising(quiet.slowAssessment().trend(), material);
        if (backstopMs >= 0 && rel - backstopMs <= 2 * blockMs && lastTrustedValue >= backstopBytes
                && v.compareTo(Verdict.SUSPECTED) < 0) {
            v = Verdict.SUSPECTED;
            note = "backstop";
        }
        if (upperRising && v == Verdict.NONE && (lastMajorMs == Long.MIN_VALUE || lastMajorClean)) {
            v = Verdict.WATCH;
            note = "unconfirmed";
        }
        return new Judgement(a, v, note, up, upperRising, quietRising);
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

    Tiers trusted() {
        return trusted;
    }

    Tiers upper() {
        return upper;
    }

    Tiers quiet() {
        return quiet;
    }

    /** Every sample accepted. */
    long samples() {
        return samples;
    }

    /** Samples after collections that collected the old generation (readings of the live heap). */
    long trustedSeen() {
        return trustedSeen;
    }

    /** Samples after young collections (upper bounds). */
    long youngSeen() {
        return youngSeen;
    }

    /** Samples read on the timer without a collection. */
    long sampledSeen() {
        return sampledSeen;
    }

    /** When the latest timer sample was read (relative), or -1. */
    long lastSampledMs() {
        return lastSampledMs;
    }

    /** The heap's usage at the latest timer sample, or -1. */
    long lastSampledValue() {
        return lastSampledValue;
    }

    int pending() {
        return pendingN;
    }

    long lastTrustedMs() {
        return lastTrustedMs;
    }

    /** The old generation after the latest trusted sample, or -1. */
    long lastTrustedValue() {
        return lastTrustedValue;
    }

    long lastMajorMs() {
        return lastMajorMs;
    }

    boolean lastMajorClean() {
        return lastMajorClean;
    }
}
