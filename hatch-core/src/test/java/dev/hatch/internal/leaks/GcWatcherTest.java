package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("multi-jdk")
class GcWatcherTest {

    @Test
    void collectionsThatCollectTheOldGenerationAreTrusted() {
        assertThat(GcWatcher.classify("G1 Old Generation", "end of major GC", 100, 60)).isEqualTo(GcWatcher.MAJOR);
        assertThat(GcWatcher.classify("PS MarkSweep", "end of major GC", 100, 60)).isEqualTo(GcWatcher.MAJOR);
        assertThat(GcWatcher.classify("MarkSweepCompact", "end of major GC", 100, 100)).isEqualTo(GcWatcher.MAJOR);
        assertThat(GcWatcher.classify("ZGC Cycles", "end of GC cycle", 100, 40)).isEqualTo(GcWatcher.MAJOR);
        assertThat(GcWatcher.classify("ZGC Major Cycles", "end of GC cycle", 100, 40)).isEqualTo(GcWatcher.MAJOR);
        assertThat(GcWatcher.classify("Shenandoah Cycles", "end of GC cycle", 100, 40)).isEqualTo(GcWatcher.MAJOR);
    }

    @Test
    void g1MixedCollectionsAreRecognisedByTheOldGenerationShrinking() {
        assertThat(GcWatcher.classify("G1 Young Generation", "end of minor GC", 100, 80)).isEqualTo(GcWatcher.SHRUNK);
        assertThat(GcWatcher.classify("G1 Young Generation", "end of minor GC", 80, 81)).isEqualTo(GcWatcher.MINOR);
    }

    @Test
    void youngAndConcurrentPausesAreOnlyUpperBounds() {
        assertThat(GcWatcher.classify("PS Scavenge", "end of minor GC", 50, 52)).isEqualTo(GcWatcher.MINOR);
        assertThat(GcWatcher.classify("G1 Concurrent GC", "end of concurrent GC pause", 59, 58)).isEqualTo(GcWatcher.MINOR);
        assertThat(GcWatcher.classify("ZGC Minor Cycles", "end of GC cycle", 30, 22)).isEqualTo(GcWatcher.MINOR);
    }

    @Test
    void notificationsWithoutUsageAreIgnored() {
        assertThat(GcWatcher.classify("ZGC Pauses", "end of GC pause", 0, 0)).isEqualTo(-1);
        assertThat(GcWatcher.classify("Shenandoah Pauses", "Init Mark", 0, 0)).isEqualTo(-1);
    }

    @Test
    void aCollectorRunningMoreThanTenTimesASecondIsStormy() {
        GcCollector c = new GcCollector(0, java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0),
                (javax.management.NotificationEmitter) java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0));
        long t = 10_000;
        assertThat(c.stormy(t)).isFalse();
        for (int i = 0; i < 60; i++) {
            assertThat(c.stormy(t + i * 80)).isFalse();
        }
        assertThat(c.stormy(t + 5000)).as("61 in 5 s").isTrue();
        for (int i = 1; i < 40; i++) {
            c.stormy(t + 5000 + i * 120);
        }
        assertThat(c.stormy(t + 10_000)).as("40 in 5 s").isFalse();
    }

    @Test
    void recordsTheOldGenerationAfterARealCollection() throws Exception {
        GcWatcher w = new GcWatcher();
        try {
            w.install();
            assertThat(w.oldPoolName()).isNotNull();
            assertThat(w.oldMax()).isPositive();
            long before = w.written();
            System.gc();
            long deadline = System.currentTimeMillis() + 5000;
            while (w.written() == before && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            SampleRing.Samples s = w.since(before);
            assertThat(s.size()).isPositive();
            int last = s.size() - 1;
            assertThat(s.kind[last]).isEqualTo((byte) GcWatcher.MAJOR);
            assertThat(s.time[last]).isBetween(ManagementFactory.getRuntimeMXBean().getStartTime(), System.currentTimeMillis());
            assertThat(w.listenerNanos()).isPositive();
        } finally {
            w.close();
        }
    }
}
