package dev.hatch.internal.leaks;

import dev.hatch.internal.config.Keys;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the leak detector; see {@code docs/leak-detection.md}.
 *
 * @param enabled whether the detector runs ({@code hatch.leaks.enabled}, default true)
 * @param interval how often it samples and judges; also the fast tier's block length
 *     ({@code hatch.leaks.interval}, default 5s; the fast window is 60 blocks, the slow tier's
 *     blocks are 12 of these)
 * @param histograms whether it may take live class histograms (each a full GC) to confirm growth
 *     and name the growing classes ({@code hatch.leaks.histograms}, default true)
 * @param histogramInterval the shortest time between two of its histograms
 *     ({@code hatch.leaks.histogram-interval}, default 5s)
 * @param histogramBudgetPercent the largest share of wall time its histograms may pause the
 *     application, measured over ten-minute windows ({@code hatch.leaks.histogram-budget},
 *     default 1 (%), i.e. at most 6 s of histogram pauses in any ten minutes)
 * @param backstopPercent old-generation usage after a full collection, in percent of its
 *     maximum, that makes the verdict at least {@code suspected} whatever the trend
 *     ({@code hatch.leaks.backstop}, default 90)
 * @param allocationSites whether a suspected leak starts a JFR recording of old-object samples
 *     to report where the growing objects were allocated ({@code hatch.leaks.allocation-sites},
 *     default true)
 * @param sampleInterval when no collection was recorded for this long, the detector reads the
 *     heap's usage on its timer (no collection forced), so that a quiet program is watched too
 *     ({@code hatch.leaks.sample-interval}, default 60s, 1s to 1h; read at the detector's next
 *     judgement, so never more often than {@code interval})
 */
public record LeakSettings(boolean enabled, Duration interval, boolean histograms, Duration histogramInterval,
                           double histogramBudgetPercent, int backstopPercent, boolean allocationSites, Duration sampleInterval) {

    /** The default {@code hatch.leaks.sample-interval}. */
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(60);

    /** Validates the settings. */
    public LeakSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(histogramInterval, "histogramInterval");
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        Keys.LEAKS_INTERVAL.check(interval);
        Keys.LEAKS_HISTOGRAM_INTERVAL.check(histogramInterval);
        Keys.LEAKS_HISTOGRAM_BUDGET.check(histogramBudgetPercent);
        Keys.LEAKS_BACKSTOP.check(backstopPercent);
        Keys.LEAKS_SAMPLE_INTERVAL.check(sampleInterval);
    }

    /** The settings with the default sample interval. */
    public LeakSettings(boolean enabled, Duration interval, boolean histograms, Duration histogramInterval,
                        double histogramBudgetPercent, int backstopPercent, boolean allocationSites) {
        this(enabled, interval, histograms, histogramInterval, histogramBudgetPercent, backstopPercent, allocationSites,
                DEFAULT_SAMPLE_INTERVAL);
    }

    /** These settings with another sample interval. */
    public LeakSettings withSampleInterval(Duration sample) {
        return new LeakSettings(enabled, interval, histograms, histogramInterval, histogramBudgetPercent, backstopPercent,
                allocationSites, sample);
    }

    /** The defaults. */
    public static LeakSettings defaults() {
        return new LeakSettings(true, Duration.ofSeconds(5), true, Duration.ofSeconds(5), 1.0, 90, true, DEFAULT_SAMPLE_INTERVAL);
    }
}
