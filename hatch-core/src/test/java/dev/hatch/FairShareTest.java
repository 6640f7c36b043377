package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Handler slots are shared fairly between principals, and clients that move data too slowly
 * lose theirs: callers with low scopes that hold slow requests cannot starve an administrator.
 * Real sockets on loopback; every wait is a generous deadline, never a duration asserted.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FairShareTest {
    private static final String BOSS = "boss-token-0123456789abcdef";
    private static final String DUMP_ID = "20260101T000000Z-fa1f00";
    private static final int DUMP_BYTES = 32 << 20;

    /** A finished dump file in the store, without the cost of a real heap dump. */
    private static void storedDump(TestEndpoint e) throws IOException {
        Path stored = Files.createDirectories(e.hatch().dumpDirectory().resolve("stored"));
        byte[] b = new byte[DUMP_BYTES];
        byte[] magic = "JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, b, 0, magic.length);
        Files.write(stored.resolve(DUMP_ID + ".hprof"), b);
    }

    private static void deleteDump(TestEndpoint e) throws IOException {
        Files.deleteIfExists(e.hatch().dumpDirectory().resolve("stored").resolve(DUMP_ID + ".hprof"));
    }

    private static String slowBodyHead(String token, int contentLength) {
        return "POST /ops/loggers/dev.hatch.fair HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static String downloadHead(String token) {
        return "GET /ops/heapdumps/" + DUMP_ID + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    }

    /**
     * Waits (up to a generous deadline) until {@code count} of the clients are refused, and
     * returns the refusals. A held slot answers nothing (a body being read) or 200 (a download
     * being written, left unread).
     */
    private static List<RawClient.Response> refusals(List<RawClient> clients, int count, ExecutorService pool) throws Exception {
        List<CompletableFuture<RawClient.Response>> reads = new ArrayList<>();
        for (RawClient c : clients) {
            reads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return c.readWithin(30_000);
                } catch (IOException e) {
                    return null;
                }
            }, pool));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<RawClient.Response> answered = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            answered.clear();
            for (CompletableFuture<RawClient.Response> f : reads) {
                if (f.isDone() && f.get() != null && f.get().status() != 200) {
                    answered.add(f.get());
                }
            }
            if (answered.size() >= count) {
                return answered;
            }
            Thread.sleep(50);
        }
        return answered;
    }

    @Test
    void anAdministratorIsServedWhileTwoLowScopesHoldEverySlotTheyCan() throws Exception {
        // Minimum rates off: this test is about the share; the rates have their own tests.
        try (TestEndpoint e = TestEndpoint.start(b -> b.token("boss", TestEndpoint.spec(BOSS), Scope.MONITOR, Scope.ADMIN)
                .limits(l -> l.minDataRates(0, 0, Duration.ofSeconds(10))))) {
            storedDump(e);
            int port = e.hatch().port();
            List<RawClient> operate = new ArrayList<>();
            List<RawClient> dump = new ArrayList<>();
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                // The operate principal starts 8 requests whose bodies never arrive (as many as there are slots).
                for (int i = 0; i < 8; i++) {
                    RawClient c = RawClient.connect("127.0.0.2", port);
                    c.send(slowBodyHead(TestEndpoint.OPERATE, 1000) + "{");
                    operate.add(c);
                }
                List<RawClient.Response> operateRefused = refusals(operate, 4, pool);
                assertThat(operateRefused).as("4 of 8 hold a slot (the share), the others are refused").hasSize(4);
                for (RawClient.Response r : operateRefused) {
                    assertThat(r.status()).isEqualTo(429);
                    assertThat(r.header("Retry-After")).isEqualTo("1");
                    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
                    assertThat(r.body()).contains("hatch.limits.threads-per-principal").contains("'operate'");
                }
                // The dump principal starts 8 downloads it never reads.
                for (int i = 0; i < 8; i++) {
                    RawClient c = RawClient.connect("127.0.0.3", port, 4096);
                    c.send(downloadHead(TestEndpoint.DUMP));
                    dump.add(c);
                }
                List<RawClient.Response> dumpRefused = refusals(dump, 6, pool);
                assertThat(dumpRefused).as("2 of 8 hold a slot (the rest are kept for newcomers)").hasSize(6);
                for (RawClient.Response r : dumpRefused) {
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.header("Retry-After")).isEqualTo("1");
                    assertThat(r.body()).contains("hatch.limits.reserved-threads");
                }
                // Six slots held by slow clients; the administrator still gets in, on both routes.
                HttpResponse<String> health = e.get("/ops/health", BOSS);
                assertThat(health.statusCode()).isEqualTo(200);
                HttpResponse<String> audit = e.get("/ops/audit", BOSS);
                assertThat(audit.statusCode()).isEqualTo(200);
                assertThat(audit.body()).contains("over-share");
                // 401 and 403 are answered without a slot, as before.
                assertThat(RawClient.request("127.0.0.4", port, "GET", "/ops/audit", null).status()).isEqualTo(401);
                assertThat(RawClient.request("127.0.0.4", port, "GET", "/ops/audit", TestEndpoint.MONITOR).status()).isEqualTo(403);
            } finally {
                for (RawClient c : operate) {
                    c.close();
                }
                for (RawClient c : dump) {
                    c.close();
                }
                pool.shutdownNow();
            }
            awaitAllSlotsFree(e);
            deleteDump(e);
        }
    }

    /** Every slot is back once the slow clients are gone: the same principal may use its whole share again. */
    private static void awaitAllSlotsFree(TestEndpoint e) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = e.get("/ops/heapdumps", TestEndpoint.DUMP).statusCode();
            Thread.sleep(status == 200 ? 0 : 100);
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void underGenuineOverloadFromManyPrincipalsTheAnswerIsStill503() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.maxThreads(2).maxThreadsPerPrincipal(1)
                .reservedThreads(0).maxQueuedRequests(0).minDataRates(0, 0, Duration.ofSeconds(10))))) {
            int port = e.hatch().port();
            List<String> tokens = List.of(TestEndpoint.OPERATE, TestEndpoint.ALL);
            List<RawClient> held = new ArrayList<>();
            try {
                for (String token : tokens) {
                    RawClient c = RawClient.connect("127.0.0.2", port);
                    c.send(slowBodyHead(token, 1000) + "{");
                    held.add(c);
                }
                // Two principals hold both slots: a third is refused with 503 (not its share's fault).
                // (A slow request that lost the race for a slot to the probe is sent again.)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                RawClient.Response r = null;
                while (System.nanoTime() < deadline) {
                    for (int i = 0; i < held.size(); i++) {
                        if (held.get(i).readWithin(1) != null) {
                            held.get(i).close();
                            RawClient c = RawClient.connect("127.0.0.2", port);
                            c.send(slowBodyHead(tokens.get(i), 1000) + "{");
                            held.set(i, c);
                        }
                    }
                    r = RawClient.request("127.0.0.3", port, "GET", "/ops/info", TestEndpoint.MONITOR);
                    if (r.status() == 503) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("1");
                // The holder of a slot asking for a second one is told it is its share (429).
                RawClient.Response again = RawClient.request("127.0.0.3", port, "POST", "/ops/gc", TestEndpoint.OPERATE);
                assertThat(again.status()).isEqualTo(429);
                assertThat(again.body()).contains("hatch.limits.threads-per-principal");
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aBodyTrickledBelowTheMinimumRateIsCutAndItsSlotFreed() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.maxThreads(2).maxThreadsPerPrincipal(1)
                .minDataRates(1024, 0, Duration.ofMillis(300))))) {
            int port = e.hatch().port();
            RawClient.Response answer = null;
            boolean closed = false;
            try (RawClient c = RawClient.connect("127.0.0.2", port)) {
                c.send(slowBodyHead(TestEndpoint.OPERATE, 2000));
                // One byte every 50 ms (20 B/s) until the server gives up, or a generous deadline passes.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    try {
                        c.send(" ");
                    } catch (IOException cut) {
                        closed = true;
                        break;
                    }
                    answer = c.readWithin(50);
                    if (answer != null) {
                        break;
                    }
                }
                if (answer == null && !closed) {
                    closed = c.closedByServer(5000);
                }
            }
            assertThat(answer != null || closed).as("the trickled request was cut").isTrue();
            if (answer != null && answer.status() > 0) {
                assertThat(answer.status()).isEqualTo(408);
                assertThat(answer.body()).contains("hatch.limits.min-body-rate");
            }
            awaitAudit(e, "\"outcome\":\"too-slow\"");
            // Its slot is free again: the same principal, allowed one slot, is served.
            HttpResponse<String> next = e.send("POST", "/ops/loggers/dev.hatch.fair", TestEndpoint.OPERATE, "{\"level\":\"INFO\",\"framework\":\"jul\"}");
            assertThat(next.statusCode()).as(next.body()).isLessThan(300);
        }
    }

    @Test
    void aDownloadReadBelowTheMinimumRateIsAbortedAndItsSlotFreed() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.maxThreads(2).maxThreadsPerPrincipal(1)
                .minDataRates(0, 64 * 1024, Duration.ofMillis(300))))) {
            storedDump(e);
            int port = e.hatch().port();
            try (RawClient c = RawClient.connect("127.0.0.2", port, 4096)) {
                c.send(downloadHead(TestEndpoint.DUMP));
                // The client reads nothing; the server's writes block once the socket buffers are full.
                awaitAudit(e, "\"outcome\":\"too-slow\"");
                assertThat(c.drain(30_000)).as("the download was cut short").isLessThan(DUMP_BYTES);
            }
            assertThat(Files.readString(e.hatch().auditFile())).contains("hatch.limits.min-response-rate");
            HttpResponse<String> next = e.get("/ops/heapdumps", TestEndpoint.DUMP);
            assertThat(next.statusCode()).isEqualTo(200);
            // A client that reads at once gets the whole dump.
            HttpResponse<byte[]> whole = e.client().send(e.request("/ops/heapdumps/" + DUMP_ID, TestEndpoint.DUMP).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).hasSize(DUMP_BYTES);
            deleteDump(e);
        }
    }

    /**
     * The streamed dump ({@code GET /ops/heapdump}) goes from the file's pages straight to the
     * socket, in timed pieces: a client that reads nothing is cut by the same rule, and the
     * dump's temporary file is deleted.
     */
    @Test
    void aStreamedHeapDumpReadBelowTheMinimumRateIsAbortedAndNothingIsLeft() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.maxThreads(2).maxThreadsPerPrincipal(1)
                .minDataRates(0, 64 * 1024, Duration.ofMillis(300))))) {
            int port = e.hatch().port();
            long dumpBytes;
            try (RawClient c = RawClient.connect("127.0.0.2", port, 4096)) {
                c.send("GET /ops/heapdump?live=false HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestEndpoint.DUMP + "\r\n\r\n");
                awaitAudit(e, "\"outcome\":\"too-slow\"");
                String record = Files.readAllLines(e.hatch().auditFile()).stream()
                        .filter(l -> l.contains("\"route\":\"heapdump\"") && l.contains("too-slow")).findFirst().orElseThrow();
                dumpBytes = Long.parseLong(record.replaceAll(".*\"dumpBytes\":(\\d+).*", "$1"));
                assertThat(c.drain(30_000)).as("the dump was cut short").isLessThan(dumpBytes);
            }
            assertThat(Files.readString(e.hatch().auditFile())).contains("hatch.limits.min-response-rate");
            try (var files = Files.list(e.hatch().dumpDirectory())) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".hprof"))).as("the dump's file is deleted").isEmpty();
            }
        }
    }

    private static void awaitAudit(TestEndpoint e, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(e.hatch().auditFile()) && Files.readString(e.hatch().auditFile()).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(Files.readString(e.hatch().auditFile())).contains(text);
    }
}
