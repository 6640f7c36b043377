package dev.hatch;

import static dev.hatch.JsonTree.maps;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("multi-jdk")
@Timeout(120)
class BusiestThreadsTest {
    private volatile boolean stop;
    private volatile long sink;

    @Test
    void aThreadBurningCpuComesFirst() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Thread burner = new Thread(() -> {
            running.countDown();
            long x = 0;
            while (!stop) {
                x = x * 31 + 7;
            }
            sink = x;
        }, "hatch-test-cpu-burner");
        burner.setDaemon(true);
        burner.start();
        try (TestEndpoint e = TestEndpoint.start()) {
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> r = e.get("/ops/threads/busiest?n=3&ms=1000", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonTree.parse(r.body());
            List<Map<String, Object>> threads = maps(body.get("threads"));
            assertThat(threads).hasSizeBetween(1, 3);
            Map<String, Object> first = threads.get(0);
            assertThat(first).containsEntry("name", "hatch-test-cpu-burner").containsEntry("state", "RUNNABLE");
            // a shared two-core machine may give the burner only part of a core: check order, not speed
            assertThat(((Number) first.get("cpuTimeMs")).doubleValue()).isGreaterThan(50);
            assertThat(((Number) first.get("percentOfCore")).doubleValue()).isBetween(5.0, 101.0);
            assertThat(JsonTree.list(first.get("topFrames"))).isNotEmpty();
            assertThat(((Number) body.get("intervalMs")).intValue()).isGreaterThanOrEqualTo(1000);
        } finally {
            stop = true;
            burner.join(5000);
        }
    }

    @Test
    void boundsOfNAndMsAreEnforced() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            for (String q : List.of("n=0", "n=101", "ms=9", "ms=10001", "ms=abc", "top=3")) {
                HttpResponse<String> r = e.get("/ops/threads/busiest?" + q, TestEndpoint.MONITOR);
                assertThat(r.statusCode()).as(q).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
            HttpResponse<String> ok = e.get("/ops/threads/busiest?n=1&ms=10", TestEndpoint.MONITOR);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(maps(JsonTree.parse(ok.body()).get("threads"))).hasSizeLessThanOrEqualTo(1);
        }
    }
}
