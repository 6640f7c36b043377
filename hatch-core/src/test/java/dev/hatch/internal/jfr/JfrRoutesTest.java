package dev.hatch.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.TestEndpoint;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("multi-jdk")
class JfrRoutesTest {
    private static volatile long sink;
    private final AtomicBoolean stop = new AtomicBoolean();

    @TempDir
    Path tmp;

    @AfterEach
    void stopThreads() {
        stop.set(true);
    }

    @Test
    void cpuProfileShowsTheHotMethodInFoldedStacks() throws Exception {
        startDaemon("hot-loop", this::hotLoopForProfileTest);
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.get("/ops/profile?seconds=1&event=cpu&format=collapsed", TestEndpoint.DUMP);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(r.body()).contains("JfrRoutesTest.hotLoopForProfileTest");
            for (String line : r.body().split("\n")) {
                assertThat(line).matches("[^ ]+( [^ ]+)* \\d+").doesNotStartWith(";");
            }
            String hot = r.body().lines().filter(l -> l.contains("hotLoopForProfileTest")).findFirst().orElseThrow();
            assertThat(hot.indexOf("java.lang.Thread.run")).isLessThan(hot.indexOf("hotLoopForProfileTest"));
        }
    }

    @Test
    void htmlFlameGraphContainsTheFrameAndNoExternalReferences() throws Exception {
        startDaemon("hot-loop", this::hotLoopForProfileTest);
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.get("/ops/profile?seconds=1&format=html", TestEndpoint.DUMP);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("attachment; filename=\"hatch-").endsWith(".html\""));
            String html = r.body();
            assertThat(html).startsWith("<!DOCTYPE html>").contains("hotLoopForProfileTest").contains("id=\"search\"")
                    .contains("id=\"reset\"").doesNotContain("http://").doesNotContain("https://")
                    .doesNotContain("/*HATCH_DATA*/").doesNotContainPattern("(src|href)\\s*=").doesNotContain("@import");
        }
    }

    @Test
    void rawProfileRecordingOpensWithTheJfrTool() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<byte[]> r = e.client().send(e.request("/ops/profile?seconds=1&format=jfr", TestEndpoint.DUMP).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            Path file = Files.write(tmp.resolve("profile.jfr"), r.body());
            assertThat(jfrSummary(file)).contains("jdk.ExecutionSample");
        }
    }

    @Test
    void allocationProfileShowsTheAllocatingMethod() throws Exception {
        startDaemon("allocator", this::allocateForProfileTest);
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.get("/ops/profile?seconds=1&event=alloc", TestEndpoint.DUMP);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("allocateForProfileTest;[alloc:byte[]]");
        }
    }

    @Test
    void lockProfileShowsTheContendedMonitor() throws Exception {
        Object monitor = new Object();
        for (int i = 0; i < 3; i++) {
            startDaemon("contender-" + i, () -> contendedLockForProfileTest(monitor));
        }
        try (TestEndpoint e = TestEndpoint.start()) {
            // Lock events are recorded only past a threshold; on a loaded machine one short
            // window can miss them all, so a few windows are allowed before the test fails.
            String body = "";
            for (int attempt = 0; attempt < 3 && !body.contains("contendedLockForProfileTest"); attempt++) {
                HttpResponse<String> r = e.get("/ops/profile?seconds=2&event=lock", TestEndpoint.DUMP);
                assertThat(r.statusCode()).isEqualTo(200);
                body = r.body();
            }
            assertThat(body).contains("contendedLockForProfileTest;[lock:java.lang.Object]");
        }
    }

    @Test
    void secondProfileWhileOneRunsIsRefusedWith409() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            CompletableFuture<HttpResponse<String>> first = e.client().sendAsync(
                    e.request("/ops/profile?seconds=2", TestEndpoint.DUMP).build(), HttpResponse.BodyHandlers.ofString());
            // The endpoint runs in this JVM: wait until the first profile's recording is running.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
                    .noneMatch(r -> r.getName().startsWith("hatch-profile-") && r.getState() == jdk.jfr.RecordingState.RUNNING)) {
                assertThat(System.nanoTime()).as("the first profile never started recording").isLessThan(deadline);
                Thread.sleep(10);
            }
            HttpResponse<String> second = e.get("/ops/profile?seconds=1", TestEndpoint.DUMP);
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("already being recorded");
            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void recordingFilesAreCreatedOwnerOnlyAndDeletedAfterServing() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            CompletableFuture<HttpResponse<byte[]>> profile = e.client().sendAsync(
                    e.request("/ops/profile?seconds=3&format=jfr", TestEndpoint.DUMP).build(), HttpResponse.BodyHandlers.ofByteArray());
            // The file exists from the start of the recording: JFR writes into it and keeps its mode.
            Path file = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (file == null) {
                assertThat(System.nanoTime()).as("no recording file appeared").isLessThan(deadline);
                try (var s = Files.list(e.hatch().dumpDirectory())) {
                    file = s.filter(p -> p.getFileName().toString().startsWith("hatch-jfr-")).findFirst().orElse(null);
                }
                Thread.sleep(10);
            }
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(e.hatch().dumpDirectory()))).isEqualTo("rwx------");
            assertThat(profile.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(e.dumpFilesLeft()).isZero();
        }
    }

    @Test
    void profileLongerThanTheIdleTimeoutCompletes() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.idleTimeout(Duration.ofMillis(500))))) {
            assertThat(e.get("/ops/profile?seconds=2", TestEndpoint.DUMP).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badProfileParametersAreRefusedWith400() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            for (String q : new String[] {"seconds=0", "seconds=121", "seconds=x", "event=wall", "format=svg", "bogus=1"}) {
                HttpResponse<String> r = e.get("/ops/profile?" + q, TestEndpoint.DUMP);
                assertThat(r.statusCode()).as(q).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
        }
    }

    @Test
    void continuousRecordingDumpOpensWithTheJfrTool() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.jfrContinuous(true).jfrMaxAge(Duration.ofMinutes(2)))) {
            HttpResponse<byte[]> r = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                r = e.client().send(e.request("/ops/jfr?last=30", TestEndpoint.DUMP).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 503) {
                    break;
                }
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                Thread.sleep(200);
            }
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("attachment; filename=\"hatch-").contains("jfr-last30s").endsWith(".jfr\""));
            Path file = Files.write(tmp.resolve("continuous.jfr"), r.body());
            assertThat(jfrSummary(file)).contains("jdk.CPULoad");
            assertThat(e.get("/ops/jfr?last=121", TestEndpoint.DUMP).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void closingTheEndpointStopsTheContinuousRecording() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.jfrContinuous(true))) {
            assertThat(e.hatch().port()).isPositive();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!continuousRecordingRuns()) {
                assertThat(System.nanoTime()).as("continuous recording did not start").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        assertThat(continuousRecordingRuns()).isFalse();
    }

    private static boolean continuousRecordingRuns() {
        return jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
                .anyMatch(r -> r.getName().equals(ContinuousRecording.NAME) && r.getState() == jdk.jfr.RecordingState.RUNNING);
    }

    @Test
    void jfrWithoutContinuousRecordingSaysHowToEnableIt() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> r = e.get("/ops/jfr?last=60", TestEndpoint.DUMP);
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("hatch.jfr.continuous=true");
        }
    }

    @Test
    void jfrRoutesNeedAValidTokenWithTheDumpScope() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            for (String path : new String[] {"/ops/jfr?last=10", "/ops/profile?seconds=1"}) {
                assertThat(e.get(path, null).statusCode()).as(path).isEqualTo(401);
                assertThat(e.get(path, "wrong-token-0123456789abcdef").statusCode()).as(path).isEqualTo(401);
                HttpResponse<String> monitor = e.get(path, TestEndpoint.MONITOR);
                assertThat(monitor.statusCode()).as(path).isEqualTo(403);
                assertThat(monitor.body()).contains("'dump' scope");
            }
        }
    }

    private String jfrSummary(Path file) throws IOException, InterruptedException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Process p = new ProcessBuilder(tool.toString(), "summary", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private void startDaemon(String name, Runnable body) {
        Thread t = new Thread(body, "profile-test-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void hotLoopForProfileTest() {
        long x = 0;
        while (!stop.get()) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 31 + i;
            }
            sink = x;
        }
    }

    private void allocateForProfileTest() {
        while (!stop.get()) {
            byte[][] chunks = new byte[64][];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = new byte[16 * 1024];
            }
            sink += chunks[chunks.length - 1].length;
        }
    }

    private void contendedLockForProfileTest(Object monitor) {
        while (!stop.get()) {
            synchronized (monitor) {
                // Sleep while holding the monitor: the others block on it for ~20 ms each time,
                // however busy the machine is (a spinning holder could be starved of CPU instead).
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                sink++;
            }
        }
    }
}
