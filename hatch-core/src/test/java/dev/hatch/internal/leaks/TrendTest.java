package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trend test and the verdict rules on synthetic series of lower-envelope blocks (5 s apart). */
class TrendTest {
    private static final double MIB = 1 << 20;
    private static final double MAX = 256 * MIB;
    private static final double MATERIAL = MAX / 100;

    interface Shape {
        double at(double seconds);
    }

    private static Trend series(int blocks, Shape shape, double noiseMib, long seed) {
        Random r = new Random(seed);
        double[] t = new double[blocks];
        double[] v = new double[blocks];
        for (int i = 0; i < blocks; i++) {
            t[i] = i * 5000.0;
            v[i] = shape.at(i * 5.0) + noiseMib * MIB * r.nextGaussian();
        }
        return Trend.of(t, v, blocks * 3);
    }

    private static Assessment judge(Trend t) {
        return Assessment.withLimit(t, MAX, MATERIAL, t.lastT());
    }

    @Test
    void steadyLeakIsLikelyOnceTheWindowIsLongEnough() {
        Trend t = series(14, s -> 20 * MIB + s * 0.5 * MIB, 1, 1);
        assertThat(t.levelling()).isFalse();
        assertThat(t.confidence()).isGreaterThan(0.999);
        assertThat(t.slopePerMs() * 1000 / MIB).isBetween(0.4, 0.6);
        assertThat(judge(t).verdict()).isEqualTo(Verdict.LIKELY);
    }

    @Test
    void shortRampIsOnlySuspected() {
        Trend t = series(7, s -> 20 * MIB + s * 0.5 * MIB, 0.2, 2);
        assertThat(judge(t).verdict()).isEqualTo(Verdict.SUSPECTED);
    }

    @Test
    void slowLeakFarFromExhaustionIsSuspectedNotLikely() {
        // 60 s blocks over four hours: 10 MB an hour into a 256 MB heap that is 30 MB full.
        Random r = new Random(3);
        int n = 240;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 60_000.0;
            v[i] = 30 * MIB + i / 60.0 * 10 * MIB + 0.5 * MIB * r.nextGaussian();
        }
        Assessment a = judge(Trend.of(t, v, n));
        assertThat(a.verdict()).isEqualTo(Verdict.SUSPECTED);
        assertThat(a.millisToLimit() / 3_600_000).isBetween(15.0, 30.0);
    }

    @Test
    void cacheThatLevelsOffIsCappedAtWatch() {
        // 1 - e^(-t/20s): most of the growth in the first half of a two-minute window.
        Trend t = series(24, s -> 10 * MIB + 60 * MIB * (1 - Math.exp(-s / 20)), 0.5, 4);
        assertThat(t.confidence()).isGreaterThan(0.99);
        assertThat(t.levelling()).isTrue();
        Assessment a = judge(t);
        assertThat(a.verdict()).isEqualTo(Verdict.WATCH);
        assertThat(a.why()).isEqualTo("levelling off");
    }

    @Test
    void linearFillThatStopsIsLevellingWithinFourBlocks() {
        // An LRU cache filled at a constant rate until full: nothing in the first half tells it from a leak.
        Trend t = series(14, s -> 10 * MIB + Math.min(s, 45) * MIB, 0.3, 11);
        assertThat(t.levelling()).isTrue();
        assertThat(judge(t).verdict()).isEqualTo(Verdict.WATCH);
    }

    @Test
    void levellingGuardLeavesALinearLeakAlone() {
        for (long seed = 0; seed < 20; seed++) {
            Trend t = series(24, s -> 10 * MIB + s * 0.3 * MIB, 1, seed);
            assertThat(t.levelling()).as("seed %d", seed).isFalse();
        }
    }

    @Test
    void singleStepIsWatchNotALeak() {
        Trend t = series(16, s -> s < 40 ? 30 * MIB : 70 * MIB, 0.2, 5);
        assertThat(t.step()).isTrue();
        assertThat(judge(t).verdict()).isEqualTo(Verdict.WATCH);
    }

    @Test
    void aRiseAcrossAGapWithoutSamplesIsNotAStep() {
        double[] t = {0, 5000, 10_000, 15_000, 60_000, 65_000, 70_000, 75_000};
        double[] v = {10, 12, 14, 16, 40, 42, 44, 46};
        assertThat(Trend.of(t, v, 8).step()).isFalse();
    }

    @Test
    void flatNoisyHeapIsNone() {
        for (long seed = 0; seed < 20; seed++) {
            Trend t = series(60, s -> 50 * MIB, 2, seed);
            assertThat(judge(t).verdict()).as("seed %d", seed).isIn(Verdict.NONE, Verdict.WATCH);
        }
    }

    @Test
    void sawtoothOfBatchesIsNotALeak() {
        Trend t = series(60, s -> 20 * MIB + (s % 20) * 2 * MIB, 0.5, 6);
        assertThat(judge(t).verdict()).isEqualTo(Verdict.NONE);
    }

    @Test
    void tinyGrowthBelowTheMaterialThresholdIsNone() {
        Trend t = series(30, s -> 50 * MIB + s * 1000, 0, 7);
        assertThat(t.confidence()).isGreaterThan(0.999);
        assertThat(judge(t).verdict()).isEqualTo(Verdict.NONE);
    }

    @Test
    void tooFewBlocksIsNone() {
        Trend t = series(3, s -> 20 * MIB + s * 5 * MIB, 0, 8);
        assertThat(judge(t).verdict()).isEqualTo(Verdict.NONE);
    }

    @Test
    void aSteepRiseIsSuspectedAfterFourBlocksWhenTheLimitIsMinutesAway() {
        Trend steep = series(4, s -> 20 * MIB + s * 1.0 * MIB, 0, 8);
        assertThat(judge(steep).verdict()).isEqualTo(Verdict.SUSPECTED);
        assertThat(judge(steep).millisToLimit()).isLessThan(Assessment.STEEP_HORIZON_MS);
        Trend gentle = series(4, s -> 20 * MIB + s * 0.05 * MIB, 0, 8);
        assertThat(judge(gentle).verdict()).as("hours from the limit: wait for six blocks").isEqualTo(Verdict.NONE);
        Trend step = series(4, s -> s < 10 ? 20 * MIB + s * 0.1 * MIB : 80 * MIB + s * 0.1 * MIB, 0, 8);
        assertThat(judge(step).verdict()).as("a data set loaded at once").isEqualTo(Verdict.WATCH);
    }

    @Test
    void seriesWithoutALimitNeedsToDoubleToBeLikely() {
        Trend threads = series(14, s -> 30 + s * 2, 0, 9);
        assertThat(Assessment.relative(threads, 16).verdict()).isEqualTo(Verdict.LIKELY);
        Trend poolGrowing = series(14, s -> 200 + s * 0.5, 0, 10);
        assertThat(Assessment.relative(poolGrowing, 16).verdict()).isEqualTo(Verdict.WATCH);
    }
}
