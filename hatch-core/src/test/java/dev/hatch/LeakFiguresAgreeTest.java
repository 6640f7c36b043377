package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The leak report and {@code GET /ops/memory} state the same live heap, limit and trend, same
 * units, same moment, after forced full collections: in this JVM (G1) and in a child JVM on
 * Parallel, whose old generation is smaller than the heap.
 */
@Tag("multi-jdk")
class LeakFiguresAgreeTest {

    /** One GET of the endpoint under test, parsed. */
    interface Fetch {
        Map<String, Object> json(String path) throws Exception;
    }

    /** A forced full collection in the JVM under test. */
    interface Collect {
        void run() throws Exception;
    }

    /** The explanation's byte format (LeakReport.bytes) for sizes of a MiB or more. */
    private static String mib(long bytes) {
        return String.format(Locale.ROOT, bytes >= 1L << 30 ? "%.1f GiB" : "%.1f MiB",
                bytes / (double) (bytes >= 1L << 30 ? 1L << 30 : 1L << 20));
    }

    @Test
    void reportAndMemoryAgreeOnTheLiveHeapAfterForcedCollections() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.leakInterval(java.time.Duration.ofMillis(200)).leakHistograms(false))) {
            agree(path -> parse(e.get(path, TestEndpoint.MONITOR).body()), System::gc);
        }
    }

    @Test
    void onParallelTheLimitIsTheOldGenerationsAndStillAgrees() throws Exception {
        try (ChildJvm c = ChildJvm.start(Files.createTempDirectory("hatch-agree"), Map.of(),
                List.of("-XX:+UseParallelGC", "-Xmx192m"), "leaks-interval=0.2S", "no-histograms")) {
            agree(path -> parse(c.get(path, TestEndpoint.MONITOR).body()),
                    () -> assertThat(c.post("/ops/gc", TestEndpoint.OPERATE).statusCode()).isEqualTo(200));
            Map<String, Object> m = parse(c.get("/ops/memory", TestEndpoint.MONITOR).body());
            long heapMax = ((Number) ((Map<?, ?>) m.get("heap")).get("maxBytes")).longValue();
            long oldMax = ((Number) ((Map<?, ?>) m.get("postGc")).get("maxBytes")).longValue();
            assertThat(oldMax).as("Parallel's old generation is smaller than the heap").isLessThan(heapMax);
            assertThat((String) parse(c.get("/ops/leaks", TestEndpoint.MONITOR).body()).get("explanation"))
                    .contains("the old generation's " + mib(oldMax) + " limit").doesNotContain(mib(heapMax) + " limit");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        return (Map<String, Object>) JsonTree.value(body);
    }

    @SuppressWarnings("unchecked")
    static void agree(Fetch fetch, Collect collect) throws Exception {
        for (int i = 0; i < 10; i++) {
            collect.run();
            Thread.sleep(250);
        }
        long deadline = System.currentTimeMillis() + 60_000;
        String mismatch = "never compared";
        while (System.currentTimeMillis() < deadline) {
            Map<String, Object> before = fetch.json("/ops/memory");
            Map<String, Object> report = fetch.json("/ops/leaks");
            Map<String, Object> m = fetch.json("/ops/memory");
            Map<String, Object> postGc = (Map<String, Object>) m.get("postGc");
            List<Object> samples = (List<Object>) postGc.get("samples");
            Map<String, Object> last = (Map<String, Object>) samples.get(samples.size() - 1);
            Map<String, Object> detector = (Map<String, Object>) m.get("leakDetector");
            Map<String, Object> heap = (Map<String, Object>) report.get("heap");
            Map<String, Object> fast = (Map<String, Object>) detector.get("fastTier");
            if (!postGc.get("recorded").equals(((Map<String, Object>) before.get("postGc")).get("recorded"))
                    || !"major".equals(last.get("kind"))) {
                collect.run(); // another collection came in between, or the latest was not a full one
                Thread.sleep(300);
                continue;
            }
            // The detector has judged the latest collection: its live heap is that collection's reading.
            if (!last.get("time").equals(detector.get("liveAt"))) {
                mismatch = "liveAt " + detector.get("liveAt") + " vs latest sample " + last;
                Thread.sleep(100);
                continue;
            }
            long live = ((Number) last.get("oldAfterBytes")).longValue();
            Map<String, Object> oldPool = (Map<String, Object>) ((List<Object>) m.get("pools")).stream()
                    .filter(p -> postGc.get("pool").equals(((Map<String, Object>) p).get("name"))).findFirst().orElseThrow();
            assertThat(((Number) detector.get("liveBytes")).longValue()).isEqualTo(live);
            assertThat(((Number) ((Map<String, Object>) oldPool.get("afterLastCollection")).get("usedBytes")).longValue())
                    .as("the old pool's usage after its last collection, that same full collection").isEqualTo(live);
            assertThat((String) report.get("explanation")).as("the report's live heap, same figure, same moment")
                    .contains(mib(live) + " (the old generation right after the latest collection that collected it, "
                            + detector.get("liveAt") + ")")
                    .contains("the old generation's " + mib(((Number) postGc.get("maxBytes")).longValue()) + " limit");
            // Trend figures: the report's heap is the fast tier's (they tie at "none"), from the same judgement.
            if (!"none".equals(report.get("verdict")) || !heap.get("samples").equals(fast.get("samples"))
                    || !heap.get("growthBytesPerMinute").equals(fast.get("growthBytesPerMinute"))) {
                mismatch = "report " + report.get("verdict") + " " + heap + " vs fast tier " + fast;
                Thread.sleep(100);
                continue;
            }
            assertThat(heap.get("confidence")).isEqualTo(fast.get("confidence"));
            long low = Long.MAX_VALUE;
            long high = 0;
            for (Object p : (List<Object>) fast.get("envelope")) {
                long v = ((Number) ((List<Object>) p).get(1)).longValue();
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
            assertThat(((Number) heap.get("baselineBytes")).longValue())
                    .as("the baseline is the post-GC old generation at the start of the trend's window")
                    .isBetween(low - (1L << 20), high + (1L << 20));
            return;
        }
        throw new AssertionError("the report and GET /ops/memory never agreed: " + mismatch);
    }
}
