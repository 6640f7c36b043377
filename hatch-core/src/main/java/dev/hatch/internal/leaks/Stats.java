package dev.hatch.internal.leaks;

import java.util.Arrays;

/**
 * Robust trend statistics over short series: the Theil–Sen slope (median of pairwise slopes,
 * unmoved by up to ~29 % outliers) and the Mann–Kendall test for a monotonic trend (rank based,
 * no assumption about the noise). Pure functions, O(n²) in time, fine for the ≤ 256 points the
 * detector feeds them.
 */
final class Stats {
    private Stats() {
    }

    /** The Theil–Sen slope of {@code v} over {@code t} (units of v per unit of t); 0 for fewer than two points. */
    static double theilSenSlope(double[] t, double[] v, int from, int to) {
        int n = to - from;
        if (n < 2) {
            return 0;
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                double dt = t[j] - t[i];
                if (dt != 0) {
                    slopes[k++] = (v[j] - v[i]) / dt;
                }
            }
        }
        return k == 0 ? 0 : median(slopes, k);
    }

    /** The intercept that goes with a Theil–Sen slope: the median of {@code v - slope * t}. */
    static double theilSenIntercept(double[] t, double[] v, int from, int to, double slope) {
        int n = to - from;
        if (n == 0) {
            return 0;
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = v[from + i] - slope * t[from + i];
        }
        return median(r, n);
    }

    /** The Mann–Kendall statistic S: the number of increasing pairs minus decreasing pairs. */
    static long mannKendallS(double[] v, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                s += Double.compare(v[j], v[i]) > 0 ? 1 : Double.compare(v[j], v[i]) < 0 ? -1 : 0;
            }
        }
        return s;
    }

    /** The variance of S under "no trend", corrected for tied values. */
    static double mannKendallVariance(double[] v, int from, int to) {
        int n = to - from;
        double var = n * (n - 1.0) * (2.0 * n + 5.0);
        double[] sorted = Arrays.copyOfRange(v, from, to);
        Arrays.sort(sorted);
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            int ties = j - i;
            if (ties > 1) {
                var -= ties * (ties - 1.0) * (2.0 * ties + 5.0);
            }
            i = j;
        }
        return var / 18.0;
    }

    /**
     * The one-sided p-value of the Mann–Kendall test for an <em>increasing</em> trend: small
     * means the series very likely rises. Uses the normal approximation with continuity
     * correction, which is within a few percent of the exact distribution from n = 8 on.
     */
    static double mannKendallIncreasingP(double[] v, int from, int to) {
        if (to - from < 3) {
            return 1;
        }
        long s = mannKendallS(v, from, to);
        double var = mannKendallVariance(v, from, to);
        if (var <= 0 || s <= 0) {
            return s > 0 ? 0 : 1;
        }
        double z = (s - 1) / Math.sqrt(var);
        return 1 - normalCdf(z);
    }

    /** The standard normal distribution function Φ(z). */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** The complementary error function, relative error below 1.2e-7 (Numerical Recipes' erfcc). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** The median of the first {@code n} values (reorders the array). */
    static double median(double[] a, int n) {
        Arrays.sort(a, 0, n);
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
