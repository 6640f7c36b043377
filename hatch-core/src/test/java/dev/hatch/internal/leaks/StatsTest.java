package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsTest {

    private static double[] times(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 1000.0;
        }
        return t;
    }

    @Test
    void theilSenIgnoresOutliersThatMoveLeastSquares() {
        int n = 30;
        double[] t = times(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 100 + 2.0 * t[i];
        }
        v[5] = 1e9;
        v[17] = -1e9;
        v[23] = 5e8;
        assertThat(Stats.theilSenSlope(t, v, 0, n)).isCloseTo(2.0, within(1e-9));
        assertThat(Stats.theilSenIntercept(t, v, 0, n, 2.0)).isCloseTo(100, within(1e-6));
    }

    @Test
    void theilSenOfAFlatSeriesIsZero() {
        double[] t = times(10);
        double[] v = new double[10];
        java.util.Arrays.fill(v, 42);
        assertThat(Stats.theilSenSlope(t, v, 0, 10)).isZero();
    }

    @Test
    void mannKendallFindsAMonotonicRiseInFewPoints() {
        double[] v = {1, 2, 3, 4, 5, 6};
        assertThat(Stats.mannKendallS(v, 0, 6)).isEqualTo(15);
        // Normal approximation: Z = 14 / sqrt(28.33) = 2.63, p ~ 0.0043.
        assertThat(Stats.mannKendallIncreasingP(v, 0, 6)).isCloseTo(0.0043, within(0.0005));
    }

    @Test
    void mannKendallSeesNoTrendInNoiseOrAFall() {
        Random r = new Random(7);
        double[] noise = new double[60];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextGaussian();
        }
        assertThat(Stats.mannKendallIncreasingP(noise, 0, noise.length)).isGreaterThan(0.05);
        double[] fall = {9, 8, 7, 6, 5, 4, 3, 2};
        assertThat(Stats.mannKendallIncreasingP(fall, 0, fall.length)).isEqualTo(1.0);
    }

    @Test
    void mannKendallVarianceIsCorrectedForTies() {
        double[] v = {1, 1, 1, 2, 2, 3};
        double plain = 6 * 5 * 17 / 18.0;
        // ties of 3 and 2: subtract (3*2*11 + 2*1*9) / 18
        assertThat(Stats.mannKendallVariance(v, 0, 6)).isCloseTo(plain - (66 + 18) / 18.0, within(1e-9));
    }

    @Test
    void normalDistributionMatchesKnownValues() {
        assertThat(Stats.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Stats.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(Stats.normalCdf(-2.326348)).isCloseTo(0.01, within(1e-6));
        assertThat(Stats.normalCdf(3.090232)).isCloseTo(0.999, within(1e-6));
    }
}
