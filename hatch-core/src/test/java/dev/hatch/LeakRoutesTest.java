package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.http.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeakRoutesTest {

    /** Instances the histogram test creates and then looks for. */
    static final class Marker {
        final long n;

        Marker(long n) {
            this.n = n;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> r) {
        return (Map<String, Object>) Json.parse(r.body());
    }

    @Test
    void memoryRoutesAnswer401WithoutAValidToken() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            for (String path : List.of("/ops/leaks", "/ops/memory", "/ops/histogram?top=1")) {
                assertThat(e.get(path, null).statusCode()).as(path).isEqualTo(401);
                HttpResponse<String> wrong = e.get(path, "not-a-valid-token-0123456789");
                assertThat(wrong.statusCode()).as(path).isEqualTo(401);
                assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
            }
        }
    }

    @Test
    void leaksAndMemoryNeedMonitorAndHistogramNeedsDump() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(e.get("/ops/leaks", TestEndpoint.DUMP).statusCode()).isEqualTo(403);
            assertThat(e.get("/ops/memory", TestEndpoint.OPERATE).statusCode()).isEqualTo(403);
            HttpResponse<String> histogram = e.get("/ops/histogram?top=1", TestEndpoint.MONITOR);
            assertThat(histogram.statusCode()).isEqualTo(403);
            assertThat(histogram.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(e.get("/ops/leaks", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void leakReportHasTheDocumentedShape() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.get("/ops/leaks", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            Map<String, Object> report = json(r);
            assertThat(report).containsOnlyKeys("verdict", "heap", "suspects", "nonHeap", "explanation");
            assertThat(report.get("verdict")).isIn("none", "watch", "suspected", "likely");
            assertThat((Map<String, Object>) report.get("heap")).containsOnlyKeys("baselineBytes", "growthBytesPerMinute",
                    "confidence", "samples", "projectedExhaustion");
            assertThat((String) report.get("explanation")).isNotBlank();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void memoryShowsPoolsCollectorsBuffersAndThePostGcSeries() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            long deadline = System.currentTimeMillis() + 10_000;
            Map<String, Object> m;
            List<Object> samples;
            do {
                System.gc();
                Thread.sleep(200);
                m = json(e.get("/ops/memory", TestEndpoint.MONITOR));
                samples = (List<Object>) ((Map<String, Object>) m.get("postGc")).get("samples");
            } while (samples.isEmpty() && System.currentTimeMillis() < deadline);
            assertThat(m).containsKeys("heap", "nonHeap", "pools", "collectors", "bufferPools", "postGc", "leakDetector");
            assertThat((List<Object>) m.get("pools")).isNotEmpty();
            assertThat((List<Object>) m.get("collectors")).isNotEmpty();
            assertThat((List<Object>) m.get("bufferPools")).anySatisfy(b -> assertThat((Map<String, Object>) b).containsEntry("name", "direct"));
            assertThat(samples).anySatisfy(s -> assertThat((Map<String, Object>) s).containsEntry("kind", "major")
                    .containsKeys("time", "collector", "oldBeforeBytes", "oldAfterBytes"));
            assertThat((Map<String, Object>) m.get("leakDetector")).containsKeys("verdict", "intervalMs");
        }
    }

    @Test
    void liveHistogramsAreRationedByACooldownLikeHeapDumps() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) { // default hatch.histogram.cooldown: 10s
            assertThat(e.get("/ops/histogram?top=1", TestEndpoint.DUMP).statusCode()).isEqualTo(200);
            HttpResponse<String> again = e.get("/ops/histogram?top=1", TestEndpoint.DUMP);
            assertThat(again.statusCode()).isEqualTo(429);
            assertThat(again.headers().firstValue("Retry-After")).isPresent();
            assertThat(again.body()).contains("full GC").contains("cooldown");
            // Without a full GC (live=false) there is nothing to ration.
            assertThat(e.get("/ops/histogram?top=1&live=false", TestEndpoint.DUMP).statusCode()).isEqualTo(200);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void histogramListsTheLargestClassesAndDiffsAgainstAnEarlierOne() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.histogramCooldown(java.time.Duration.ZERO)))) {
            HttpResponse<String> first = e.get("/ops/histogram?top=5", TestEndpoint.DUMP);
            assertThat(first.statusCode()).isEqualTo(200);
            Map<String, Object> h1 = json(first);
            List<Object> classes = (List<Object>) h1.get("classes");
            assertThat(classes).hasSize(5);
            assertThat((Map<String, Object>) classes.get(0)).containsKeys("class", "instances", "bytes");
            String id = (String) h1.get("id");

            List<Marker> kept = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                kept.add(new Marker(i));
            }
            Map<String, Object> h2 = json(e.get("/ops/histogram?top=50&diff=" + id, TestEndpoint.DUMP));
            assertThat(h2).containsEntry("diff", id);
            assertThat((List<Object>) h2.get("classes")).anySatisfy(c -> {
                Map<String, Object> row = (Map<String, Object>) c;
                assertThat(row).containsEntry("class", Marker.class.getName());
                assertThat(((Number) row.get("instancesDelta")).longValue()).isGreaterThanOrEqualTo(20_000);
            });
            assertThat((List<Object>) h2.get("kept")).contains(id, h2.get("id"));
            assertThat(kept).hasSize(20_000);
        }
    }

    @Test
    void histogramRefusesBadParameters() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(e.get("/ops/histogram?top=0", TestEndpoint.DUMP).statusCode()).isEqualTo(400);
            assertThat(e.get("/ops/histogram?top=many", TestEndpoint.DUMP).statusCode()).isEqualTo(400);
            assertThat(e.get("/ops/histogram?diff=../etc", TestEndpoint.DUMP).statusCode()).isEqualTo(400);
            assertThat(e.get("/ops/histogram?color=red", TestEndpoint.DUMP).statusCode()).isEqualTo(400);
            HttpResponse<String> gone = e.get("/ops/histogram?diff=h999", TestEndpoint.DUMP);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.body()).contains("no longer kept");
        }
    }

    @Test
    void leakDetectorDisabledByConfigurationAnswers403AndMemoryStillWorks() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.leakDetection(false))) {
            HttpResponse<String> r = e.get("/ops/leaks", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("hatch.leaks.enabled=false");
            assertThat(e.get("/ops/memory", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
        }
    }
}
