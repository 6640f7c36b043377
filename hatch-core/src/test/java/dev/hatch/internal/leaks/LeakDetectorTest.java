package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The detector's whole judgement on synthetic post-GC samples, fed through the watcher's ring
 * exactly as GC notifications would be, with its clock driven by the test (minutes in
 * milliseconds). Histograms are off: the "confirmations" are full collections the test adds.
 */
class LeakDetectorTest {
    private static final long MIB = 1 << 20;
    private static final long ORIGIN = 1_000_000_000L;

    private final GcWatcher watcher = new GcWatcher();
    private final LeakDetector detector = new LeakDetector(
            new LeakSettings(true, Duration.ofSeconds(5), false, Duration.ofSeconds(5), 1.0, 90, false), watcher, new Histograms(), ORIGIN,
            null);
    private final List<Verdict> seen = new ArrayList<>();

    LeakDetectorTest() {
        watcher.assume("PS Old Gen", 256 * MIB);
        detector.addVerdictListener(seen::add);
    }

    @AfterEach
    void close() {
        detector.close();
    }

    private void young(long ms, long oldAfter) {
        watcher.record(ORIGIN + ms, oldAfter, oldAfter, GcWatcher.MINOR, 0);
    }

    private void full(long ms, long before, long after) {
        watcher.record(ORIGIN + ms, before, after, GcWatcher.MAJOR, 1);
    }

    private void tick(long ms) {
        detector.tickAt(ORIGIN + ms);
    }

    @Test
    void leakOnACollectorThatRarelyCollectsTheOldGenerationIsConfirmedByCleanFullCollections() {
        // 2 MB/s retained, a young collection every second, a full collection freeing nothing every 15 s.
        long live = 20 * MIB;
        Verdict at60 = null;
        for (long ms = 1000; ms <= 90_000; ms += 1000) {
            live += 2 * MIB;
            if (ms % 15_000 == 0) {
                full(ms, live + MIB / 2, live);
            } else {
                young(ms, live + MIB / 4);
            }
            if (ms % 5000 == 0) {
                tick(ms + 1);
            }
            if (ms == 60_000) {
                at60 = detector.verdict();
            }
        }
        assertThat(at60).isIn(Verdict.SUSPECTED, Verdict.LIKELY);
        assertThat(detector.verdict()).isEqualTo(Verdict.LIKELY);
        @SuppressWarnings("unchecked")
        Map<String, Object> heap = (Map<String, Object>) detector.report().get("heap");
        assertThat(((Number) heap.get("growthBytesPerMinute")).doubleValue() / MIB).isBetween(100.0, 140.0);
        assertThat(heap.get("projectedExhaustion")).isNotNull();
        assertThat((String) detector.report().get("explanation")).contains("grows by").contains("POST /ops/heapdumps");
    }

    @Test
    void growthBetweenYoungCollectionsAloneIsOnlyWatched() {
        long old = 20 * MIB;
        for (long ms = 1000; ms <= 60_000; ms += 1000) {
            old += 2 * MIB;
            young(ms, old);
            if (ms % 5000 == 0) {
                tick(ms + 1);
            }
        }
        assertThat(detector.verdict()).isEqualTo(Verdict.WATCH);
        assertThat((String) detector.report().get("explanation")).contains("promoted garbage");
    }

    @Test
    void sawtoothOfPromotedBatchesIsNotALeak() {
        // The old generation fills with dropped batches until a full collection empties it again.
        long old = 30 * MIB;
        for (long ms = 1000; ms <= 300_000; ms += 1000) {
            if (ms % 20_000 == 0) {
                full(ms, old, 30 * MIB);
                old = 30 * MIB;
            } else {
                old += 3 * MIB;
                young(ms, old);
            }
            if (ms % 5000 == 0) {
                tick(ms + 1);
            }
            if (ms > 60_000) {
                assertThat(detector.verdict()).as("at %d ms", ms).isIn(Verdict.NONE, Verdict.WATCH);
            }
        }
    }

    @Test
    void wholeHeapCollectorLeakIsSeenFromItsCyclesAlone() {
        // ZGC/Shenandoah-like: every cycle collects everything; 1 MB/s retained plus noise.
        long live = 40 * MIB;
        for (long ms = 500; ms <= 80_000; ms += 500) {
            live += MIB / 2;
            full(ms, live + 30 * MIB, live + (ms % 1500 == 0 ? 10 * MIB : 0));
            if (ms % 5000 == 0) {
                tick(ms + 1);
            }
        }
        assertThat(detector.verdict()).isEqualTo(Verdict.LIKELY);
    }

    @Test
    void cacheThatWarmsUpNeverReadsLikelyOnceLevelledOff() {
        long live = 20 * MIB;
        for (long ms = 1000; ms <= 300_000; ms += 1000) {
            if (ms <= 40_000) {
                live += MIB;
            }
            if (ms % 5000 == 0) {
                full(ms, live + 2 * MIB, live);
                tick(ms + 1);
            } else {
                young(ms, live + MIB);
            }
            if (ms >= 100_000) {
                assertThat(detector.verdict()).as("at %d ms", ms).isNotEqualTo(Verdict.LIKELY);
            }
        }
        assertThat(detector.verdict()).isIn(Verdict.NONE, Verdict.WATCH);
    }

    @Test
    void liveSetNearTheLimitTripsTheBackstop() {
        for (long ms = 1000; ms <= 20_000; ms += 1000) {
            full(ms, 240 * MIB, 235 * MIB);
            if (ms % 5000 == 0) {
                tick(ms + 1);
            }
        }
        assertThat(detector.verdict()).isEqualTo(Verdict.SUSPECTED);
        assertThat((String) detector.report().get("explanation")).contains("right after a full collection");
    }

    private String explanation() {
        return (String) detector.report().get("explanation");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> heap() {
        return (Map<String, Object>) detector.report().get("heap");
    }

    @Test
    void quietProgramWithoutAnyCollectionIsReadOnTheTimer() {
        // No collection at all for 8 minutes; the heap fills slowly (1 MB a minute), as in a quiet service.
        long[] used = {30 * MIB};
        watcher.assumeHeapUsed(() -> used[0]);
        tick(5000);
        assertThat(explanation()).contains("no garbage collection has run").contains("first reading is due by")
                .doesNotContain("about a minute");
        for (long ms = 10_000; ms <= 480_000; ms += 5000) {
            used[0] = 30 * MIB + ms * MIB / 60_000;
            tick(ms);
        }
        // One reading per sample interval (60 s), no more: 60, 120, ..., 480 s.
        assertThat(watcher.timerSamples()).isEqualTo(8);
        assertThat(detector.state()).containsEntry("timerSamples", 8L).containsEntry("sampleIntervalMs", 60_000L)
                .containsEntry("samplesSeen", 8L).containsEntry("liveReadings", 0L).containsEntry("youngSamples", 0L);
        assertThat(explanation()).contains("no garbage collection has run in the 8 minutes since the detector started")
                .contains("read 8 times").contains("38.0 MiB at the latest")
                .contains("they rise, but histograms are disabled").doesNotContain("about a minute");
        // Timer readings include garbage: never evidence of a leak by themselves.
        assertThat(detector.verdict()).isEqualTo(Verdict.NONE);
        assertThat(heap().get("samples")).isEqualTo(0);
    }

    @Test
    void collectionsKeepTheTimerQuiet() {
        watcher.assumeHeapUsed(() -> 99 * MIB);
        for (long ms = 1000; ms <= 300_000; ms += 1000) {
            if (ms % 20_000 == 0) {
                young(ms, 20 * MIB);
            }
            if (ms % 5000 == 0) {
                tick(ms + 1);
            }
        }
        assertThat(watcher.timerSamples()).isZero();
    }

    @Test
    void onlyYoungCollectionsForElevenMinutesSaySoInsteadOfAskingForAMinute() {
        for (long ms = 1000; ms <= 660_000; ms += 1000) {
            young(ms, 20 * MIB);
            if (ms % 5000 == 0) {
                tick(ms + 1);
            }
        }
        assertThat(detector.verdict()).isEqualTo(Verdict.NONE);
        assertThat(detector.state()).containsEntry("youngSamples", 660L).containsEntry("liveReadings", 0L);
        assertThat(explanation()).contains("660 young collections ran in the 11 minutes since the detector started")
                .contains("none collected the old generation").contains("they do not rise, so there is nothing to confirm")
                .doesNotContain("about a minute");
    }

    @Test
    void aFewFullCollectionsAreCountedAgainstTheBlocksATrendNeeds() {
        young(2000, 30 * MIB);
        for (long ms = 5000; ms <= 15_000; ms += 5000) {
            full(ms, 31 * MIB, 30 * MIB);
            tick(ms + 4000);
        }
        assertThat(explanation()).startsWith("No verdict yet: 3 readings of the live heap in the 19 seconds since the detector started")
                .contains("(the latest: 30.0 MiB (the old generation right after the latest collection that collected it, ")
                .contains("fill 3 of the 6 time blocks a trend needs; 1 young collection gave upper bounds only.");
    }

    @Test
    void aNoLeakVerdictNeverSaysNotGrowingWhileTheFiguresShowGrowth() {
        // A steady but immaterial rise (8 KB per 5 s): none, with a positive slope and full confidence.
        for (long ms = 5000; ms <= 120_000; ms += 5000) {
            full(ms, 40 * MIB + ms / 5000 * 8192 + MIB, 40 * MIB + ms / 5000 * 8192);
            tick(ms + 1);
        }
        assertThat(detector.verdict()).isEqualTo(Verdict.NONE);
        assertThat(((Number) heap().get("growthBytesPerMinute")).longValue()).isPositive();
        assertThat(explanation()).startsWith("No leak: the live heap is 40.")
                .contains("the old generation right after the latest collection that collected it, 1970-01-12T13:48:40Z")
                .contains("grew by only").doesNotContain("not grown").doesNotContain("not growing");
    }

    @Test
    void reportHasExactlyTheDocumentedShape() {
        tick(5000);
        Map<String, Object> r = detector.report();
        assertThat(r).containsOnlyKeys("verdict", "heap", "suspects", "nonHeap", "explanation");
        @SuppressWarnings("unchecked")
        Map<String, Object> heap = (Map<String, Object>) r.get("heap");
        assertThat(heap).containsOnlyKeys("baselineBytes", "growthBytesPerMinute", "confidence", "samples", "projectedExhaustion");
        @SuppressWarnings("unchecked")
        Map<String, Object> nonHeap = (Map<String, Object>) r.get("nonHeap");
        assertThat(nonHeap).containsKeys("threads", "fileDescriptors", "directBuffers", "classes");
        @SuppressWarnings("unchecked")
        Map<String, Object> direct = (Map<String, Object>) nonHeap.get("directBuffers");
        assertThat(direct).containsKeys("memoryUsedBytes", "count", "totalCapacityBytes", "maxBytes")
                .doesNotContainKeys("bytes", "capacityBytes");
        assertThat(seen).containsExactly(Verdict.NONE);
    }
}
