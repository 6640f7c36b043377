package dev.hatch.internal.leaks;

/**
 * Turns a {@link Trend} into a {@link Verdict}. Severity comes from the projected time until the
 * series reaches its limit (heap, file descriptors, direct memory); series without a limit
 * (threads, classes) are judged by growth relative to where they started.
 *
 * @param verdict the verdict
 * @param trend the trend it rests on
 * @param limit the limit, or -1 when there is none
 * @param millisToLimit projected time until the limit is reached, or -1
 * @param why a short reason when the verdict was capped, else empty
 */
record Assessment(Verdict verdict, Trend trend, double limit, double millisToLimit, String why) {

    static final Assessment NONE = new Assessment(Verdict.NONE, Trend.EMPTY, -1, -1, "");

    static final double P_WATCH = 0.05;
    static final double P_SUSPECTED = 0.01;
    static final double P_LIKELY = 0.001;
    static final int N_WATCH = 6;
    static final int N_SUSPECTED = 6;
    static final int N_LIKELY = 10;
    static final long MIN_LIKELY_SPAN_MS = 60_000;
    static final double SUSPECTED_HORIZON_MS = 14 * 86_400_000.0;
    static final double LIKELY_HORIZON_MS = 12 * 3_600_000.0;
    /** A steep rise: fewer blocks suffice for {@code suspected} when the limit is this close. */
    static final int N_STEEP = 4;
    static final double STEEP_HORIZON_MS = 10 * 60_000.0;

    /**
     * Judges a series that has a limit.
     *
     * @param limit the value at which the resource is exhausted
     * @param material growth over the window below this is noise, whatever the statistics say
     */
    static Assessment withLimit(Trend trend, double limit, double material, double nowMs) {
        double current = Math.max(trend.fitAt(nowMs), 0);
        double ttl = trend.slopePerMs() <= 0 ? -1 : limit > current ? (limit - current) / trend.slopePerMs() : 0;
        // A leak that would exhaust the limit within minutes cannot wait for six blocks: four
        // consistently rising ones (the least Mann-Kendall can call significant) are enough to
        // suspect it. The guards below still apply.
        boolean steep = trend.points() >= N_STEEP && ttl >= 0 && ttl <= STEEP_HORIZON_MS
                && trend.p() <= P_WATCH && trend.growth() >= material;
        Verdict base = base(trend, material);
        if (base == Verdict.NONE && !steep) {
            return new Assessment(Verdict.NONE, trend, limit, -1, "");
        }
        Verdict v = Verdict.WATCH;
        if (steep || trend.p() <= P_SUSPECTED && trend.points() >= N_SUSPECTED && ttl <= SUSPECTED_HORIZON_MS) {
            v = Verdict.SUSPECTED;
        }
        // A short ramp may be a warm-up; it is a leak all the same when it would exhaust the limit
        // sooner than it has been watched.
        if (trend.p() <= P_LIKELY && trend.points() >= N_LIKELY && (trend.spanMs() >= MIN_LIKELY_SPAN_MS || ttl <= trend.spanMs())
                && ttl <= LIKELY_HORIZON_MS) {
            v = Verdict.LIKELY;
        }
        return capped(v, trend, limit, ttl);
    }

    /**
     * Judges a series without a limit by its growth relative to its starting level.
     *
     * @param floor growth below this is noise; suspicion needs {@code max(floor, 50 %)} of the
     *     starting level, likelihood {@code max(2 × floor, 100 %)}
     */
    static Assessment relative(Trend trend, double floor) {
        Verdict base = base(trend, floor);
        if (base == Verdict.NONE) {
            return new Assessment(Verdict.NONE, trend, -1, -1, "");
        }
        double start = Math.max(trend.fitAt(trend.firstT()), 1);
        double growth = trend.growth();
        Verdict v = Verdict.WATCH;
        if (trend.p() <= P_SUSPECTED && trend.points() >= N_SUSPECTED && growth >= Math.max(floor, 0.5 * start)) {
            v = Verdict.SUSPECTED;
        }
        if (trend.p() <= P_LIKELY && trend.points() >= N_LIKELY && trend.spanMs() >= MIN_LIKELY_SPAN_MS
                && growth >= Math.max(2 * floor, start)) {
            v = Verdict.LIKELY;
        }
        return capped(v, trend, -1, -1);
    }

    private static Verdict base(Trend trend, double material) {
        if (trend.points() < N_WATCH || trend.slopePerMs() <= 0 || trend.p() > P_WATCH || trend.growth() < material) {
            return Verdict.NONE;
        }
        return Verdict.WATCH;
    }

    private static Assessment capped(Verdict v, Trend trend, double limit, double ttl) {
        if (v.compareTo(Verdict.WATCH) > 0 && trend.levelling()) {
            return new Assessment(Verdict.WATCH, trend, limit, ttl, "levelling off");
        }
        if (v.compareTo(Verdict.WATCH) > 0 && trend.step()) {
            return new Assessment(Verdict.WATCH, trend, limit, ttl, "a single step rather than steady growth");
        }
        return new Assessment(v, trend, limit, ttl, "");
    }
}
