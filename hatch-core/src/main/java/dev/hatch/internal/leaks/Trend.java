package dev.hatch.internal.leaks;

/**
 * The robust trend of one lower-envelope series: Theil–Sen slope, Mann–Kendall confidence, and
 * two shape guards that keep benign growth from reading as a leak.
 *
 * @param points envelope blocks analysed
 * @param samples raw samples behind those blocks
 * @param slopePerMs Theil–Sen slope, units per millisecond
 * @param intercept Theil–Sen intercept (value at time 0)
 * @param p one-sided Mann–Kendall p-value for "increasing"; confidence is {@code 1 - p}
 * @param levelling the second half of the window rises at less than 30 % of the first half's rate,
 *     or its last quarter (at least four blocks) at less than 25 % of the whole window's rate
 * @param step more than 60 % of the window's range came from a single jump between two neighbouring blocks
 * @param firstT time of the first block (ms)
 * @param lastT time of the last block (ms)
 * @param range largest minus smallest block value
 */
record Trend(int points, int samples, double slopePerMs, double intercept, double p, boolean levelling, boolean step,
             double firstT, double lastT, double range) {

    static final Trend EMPTY = new Trend(0, 0, 0, 0, 1, false, false, 0, 0, 0);

    /** Levelling off: recent rate below this share of the earlier rate. */
    static final double LEVELLING_RATIO = 0.3;
    /** Stalled: the last quarter's rate below this share of the whole window's. */
    static final double STALL_RATIO = 0.25;
    /** A single step: one jump carrying more than this share of the range. */
    static final double STEP_SHARE = 0.6;
    /** Jumps across a gap longer than this share of the window do not count as steps. */
    static final double GAP_SHARE = 0.25;

    /** Analyses the blocks of an envelope. */
    static Trend of(Envelope e) {
        return of(e.times(), e.values(), e.samples());
    }

    /** Analyses a series of (time, value) points in time order. */
    static Trend of(double[] t, double[] v, int samples) {
        int n = t.length;
        if (n < 2) {
            return new Trend(n, samples, 0, n == 1 ? v[0] : 0, 1, false, false, n == 1 ? t[0] : 0, n == 1 ? t[0] : 0, 0);
        }
        double slope = Stats.theilSenSlope(t, v, 0, n);
        double intercept = Stats.theilSenIntercept(t, v, 0, n, slope);
        double p = Stats.mannKendallIncreasingP(v, 0, n);
        boolean levelling = false;
        if (n >= 8) {
            int half = n / 2;
            double early = Stats.theilSenSlope(t, v, 0, half);
            double late = Stats.theilSenSlope(t, v, n - half, n);
            int quarter = Math.max(4, n / 4);
            double recent = Stats.theilSenSlope(t, v, n - quarter, n);
            levelling = early > 0 && late < LEVELLING_RATIO * early || slope > 0 && recent < STALL_RATIO * slope;
        }
        double min = v[0];
        double max = v[0];
        double jump = 0;
        double span = t[n - 1] - t[0];
        for (int i = 1; i < n; i++) {
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
            // A rise across a long gap without samples is growth we did not see, not a step.
            // (With few blocks every gap is a large share of the span: compare with the mean spacing too.)
            if (t[i] - t[i - 1] <= Math.max(GAP_SHARE * span, 1.5 * span / (n - 1))) {
                jump = Math.max(jump, v[i] - v[i - 1]);
            }
        }
        double range = max - min;
        boolean step = n >= 4 && range > 0 && jump > STEP_SHARE * range;
        return new Trend(n, samples, slope, intercept, p, levelling, step, t[0], t[n - 1], range);
    }

    /** Confidence that the series rises, 0 to 1. */
    double confidence() {
        return 1 - p;
    }

    /** The fitted value at a time. */
    double fitAt(double timeMs) {
        return intercept + slopePerMs * timeMs;
    }

    /** The span of the analysed window in ms. */
    double spanMs() {
        return lastT - firstT;
    }

    /** Growth over the window according to the fitted slope. */
    double growth() {
        return slopePerMs * spanMs();
    }
}
