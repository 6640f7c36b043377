package dev.hatch.leaks;

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
        assertThat(seen).containsExactly(Verdict.NONE);
    }
}
