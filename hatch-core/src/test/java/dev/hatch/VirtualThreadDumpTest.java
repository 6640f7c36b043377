package dev.hatch;

import static dev.hatch.JsonTree.map;
import static dev.hatch.JsonTree.maps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Virtual threads in {@code GET /ops/threads}: listed from the JVM's own dump on JDK 21+,
 * reported as unavailable on 17. Tests compile for 17, so virtual threads are started by
 * reflection.
 */
@Tag("multi-jdk")
@Timeout(120)
class VirtualThreadDumpTest {
    private static final String NAME = "hatch-test-virtual-parked";
    private volatile boolean release;
    private Thread parked;

    @AfterEach
    void unpark() throws InterruptedException {
        release = true;
        if (parked != null) {
            LockSupport.unpark(parked);
            parked.join(5000);
        }
    }

    @Test
    void virtualThreadParkedInAKnownMethodIsListedWithItsStack() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        startParkedVirtualThread();
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.get("/ops/threads", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonTree.parse(r.body());
            assertThat(maps(body.get("threads"))).noneMatch(t -> NAME.equals(t.get("name")));
            Map<String, Object> vt = map(body.get("virtualThreads"));
            assertThat(vt).containsEntry("available", true).containsEntry("truncated", false);
            assertThat(((Number) vt.get("count")).intValue()).isGreaterThanOrEqualTo(1);
            Map<String, Object> thread = maps(vt.get("containers")).stream()
                    .flatMap(c -> maps(c.get("threads")).stream())
                    .filter(t -> NAME.equals(t.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("virtual thread missing: " + vt));
            assertThat(thread).containsEntry("virtual", true).containsKey("id");
            assertThat(maps(thread.get("stack"))).anySatisfy(f -> assertThat(f)
                    .containsEntry("class", VirtualThreadDumpTest.class.getName()).containsEntry("method", "parkHere"));
            if (Runtime.version().feature() >= 25) {
                assertThat(thread).containsEntry("state", "WAITING");
            }
            assertThat(e.dumpFilesLeft()).isZero();
        }
    }

    @Test
    void textFormatListsVirtualThreadsAfterThePlatformThreads() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        startParkedVirtualThread();
        try (TestEndpoint e = TestEndpoint.start()) {
            String text = e.get("/ops/threads?format=text", TestEndpoint.MONITOR).body();
            assertThat(text).contains("\nVirtual threads: ");
            String virtual = text.substring(text.indexOf("\nVirtual threads: "));
            assertThat(virtual).containsPattern("\"" + NAME + "\" #\\d+ daemon prio=5 os_prio=0 tid=0x[0-9a-f]{16} nid=0x0 "
                            + "waiting on condition  \\[0x0{16}\\]\n")
                    .contains("\tat " + VirtualThreadDumpTest.class.getName() + ".parkHere(");
            assertThat(virtual).containsPattern("\nThread container \\S.* \\(\\d+ virtual\\)\n");
        }
    }

    @Test
    void limitZeroCountsVirtualThreadsWithoutListingThem() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        startParkedVirtualThread();
        try (TestEndpoint e = TestEndpoint.start(b -> b.virtualThreadLimit(0))) {
            Map<String, Object> vt = map(JsonTree.parse(e.get("/ops/threads", TestEndpoint.MONITOR).body()).get("virtualThreads"));
            assertThat(((Number) vt.get("count")).intValue()).isGreaterThanOrEqualTo(1);
            assertThat(vt).containsEntry("listed", java.math.BigDecimal.ZERO).containsEntry("truncated", true)
                    .containsEntry("containers", List.of());
        }
    }

    @Test
    void aDumpPastItsTimeLimitLeavesThePlatformThreadsAndDeletesItsFileLater() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        List<Thread> many = new java.util.ArrayList<>();
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        for (int i = 0; i < 20_000; i++) {
            many.add((Thread) start.invoke(builder, (Runnable) this::parkHere));
        }
        try (TestEndpoint e = TestEndpoint.start(b -> b.virtualThreadDumpTimeout(java.time.Duration.ofMillis(100)))) {
            HttpResponse<String> r = e.get("/ops/threads", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonTree.parse(r.body());
            assertThat(maps(body.get("threads"))).isNotEmpty();
            Map<String, Object> vt = map(body.get("virtualThreads"));
            assertThat(vt).containsEntry("available", false);
            assertThat(vt.get("reason").toString()).contains("longer than 100 ms", "hatch.threads.virtual.timeout");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (e.dumpFiles() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // format=jcmd-json: the platform threads in the JVM's schema, and a header saying why no virtual ones
            HttpResponse<String> jcmd = e.get("/ops/threads?format=jcmd-json", TestEndpoint.MONITOR);
            assertThat(jcmd.statusCode()).isEqualTo(200);
            assertThat(jcmd.headers().firstValue("Hatch-Virtual-Threads").orElseThrow())
                    .matches("not listed: .*(longer than 100 ms|still running).*");
            assertThat(map(JsonTree.parse(jcmd.body()).get("threadDump"))).containsKey("threadContainers");
            while (e.dumpFiles() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(e.dumpFilesLeft()).isZero();
        } finally {
            release = true;
            for (Thread t : many) {
                LockSupport.unpark(t);
            }
        }
    }

    @Test
    void virtualFalseSkipsTheJvmDump() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            Map<String, Object> vt = map(JsonTree.parse(e.get("/ops/threads?virtual=false", TestEndpoint.MONITOR).body())
                    .get("virtualThreads"));
            assertThat(vt).containsEntry("available", false);
            assertThat(vt.get("reason").toString()).contains("virtual=false");
            assertThat(e.get("/ops/threads?virtual=maybe", TestEndpoint.MONITOR).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void onJdk17VirtualThreadsAreReportedUnavailable() throws Exception {
        assumeTrue(Runtime.version().feature() < 21, "JDK 17-20 only");
        try (TestEndpoint e = TestEndpoint.start()) {
            Map<String, Object> body = JsonTree.parse(e.get("/ops/threads", TestEndpoint.MONITOR).body());
            Map<String, Object> vt = map(body.get("virtualThreads"));
            assertThat(vt).containsEntry("available", false);
            assertThat(vt.get("reason").toString()).contains("JDK 21");
            assertThat(maps(body.get("threads"))).isNotEmpty();
            String text = e.get("/ops/threads?format=text", TestEndpoint.MONITOR).body();
            assertThat(text).doesNotContain("Virtual threads");
        }
    }

    @Test
    void platformThreadsKeepTheirDetailedShape() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            Map<String, Object> body = JsonTree.parse(e.get("/ops/threads", TestEndpoint.MONITOR).body());
            Map<String, Object> main = maps(body.get("threads")).stream()
                    .filter(t -> Thread.currentThread().getName().equals(t.get("name"))).findFirst().orElseThrow();
            assertThat(main).containsKeys("id", "state", "daemon", "priority", "blockedCount", "waitedCount", "stack");
            assertThat(maps(main.get("stack"))).anySatisfy(f -> assertThat(f)
                    .containsEntry("method", "platformThreadsKeepTheirDetailedShape"));
            assertThat(body).containsKeys("time", "threadCount", "daemonCount", "peakThreadCount", "locks", "virtualThreads");
        }
    }

    /** Starts a named virtual thread parked in {@link #parkHere()} (by reflection: tests compile for 17). */
    private void startParkedVirtualThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        builder = builderType.getMethod("name", String.class).invoke(builder, NAME);
        Method start = builderType.getMethod("start", Runnable.class);
        parked = (Thread) start.invoke(builder, (Runnable) () -> {
            started.countDown();
            parkHere();
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (parked.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private void parkHere() {
        while (!release) {
            LockSupport.park(this);
        }
    }

    static List<String> names(List<Map<String, Object>> threads) {
        return threads.stream().map(t -> String.valueOf(t.get("name"))).collect(Collectors.toList());
    }
}
