package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Admission control against real sockets on loopback: 127.0.0.2 and 127.0.0.3 play other
 * clients. Each test is bounded in requests and time.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AdmissionTest {
    private static final String WRONG = "wrong-token-0123456789abcdef";

    @Test
    void bruteForceLocksOutTheGuessingAddressOnly() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.lockout(5, Duration.ofSeconds(30), Duration.ofMinutes(5))))) {
            int port = e.hatch().port();
            for (int i = 0; i < 5; i++) {
                assertThat(RawClient.request("127.0.0.2", port, "GET", "/ops/info", WRONG + i).status()).isEqualTo(401);
            }
            RawClient.Response locked = RawClient.request("127.0.0.2", port, "GET", "/ops/info", WRONG);
            assertThat(locked.status()).isEqualTo(429);
            assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 30L);
            assertThat(locked.header("Content-Type")).isEqualTo("application/problem+json");
            // Even the right token is refused from there while it is locked out: no guessing meanwhile.
            assertThat(RawClient.request("127.0.0.2", port, "GET", "/ops/info", TestEndpoint.MONITOR).status()).isEqualTo(429);
            // Other addresses are unaffected.
            assertThat(RawClient.request("127.0.0.3", port, "GET", "/ops/info", TestEndpoint.MONITOR).status()).isEqualTo(200);
            assertThat(e.get("/ops/info", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
            assertThat(RawClient.request("127.0.0.3", port, "GET", "/ops/info", WRONG).status()).isEqualTo(401);
        }
    }

    @Test
    void lockoutBacksOffExponentiallyAndExpires() throws Exception {
        // The lockout's length is read from its Retry-After, and its end is awaited by polling: no
        // assertion depends on how fast this machine is (AdmissionRulesTest has the exact steps on
        // an injected clock).
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.lockout(2, Duration.ofSeconds(2), Duration.ofSeconds(60))))) {
            int port = e.hatch().port();
            RawClient.request("127.0.0.2", port, "GET", "/ops", WRONG);
            RawClient.request("127.0.0.2", port, "GET", "/ops", WRONG);
            RawClient.Response first = RawClient.request("127.0.0.2", port, "GET", "/ops", TestEndpoint.MONITOR);
            assertThat(first.status()).isEqualTo(429);
            assertThat(Long.parseLong(first.header("Retry-After"))).isBetween(1L, 2L);
            awaitServed(port);
            RawClient.request("127.0.0.2", port, "GET", "/ops", WRONG); // third failure: 4 s now
            RawClient.Response second = RawClient.request("127.0.0.2", port, "GET", "/ops", TestEndpoint.MONITOR);
            assertThat(second.status()).isEqualTo(429);
            assertThat(Long.parseLong(second.header("Retry-After"))).as("the second lockout is twice as long").isBetween(3L, 4L);
            awaitServed(port);
        }
    }

    /** Polls (up to 30 s) until 127.0.0.2 is served again: the lockout ended. */
    private static void awaitServed(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (RawClient.request("127.0.0.2", port, "GET", "/ops", TestEndpoint.MONITOR).status() == 429) {
            assertThat(System.nanoTime()).as("the lockout never ended").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(RawClient.request("127.0.0.2", port, "GET", "/ops", TestEndpoint.MONITOR).status()).isEqualTo(200);
    }

    @Test
    void floodWithoutCredentialsIsRateLimitedWithRetryAfter() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.anonymousRate(5, 20)))) {
            int port = e.hatch().port();
            int limited = 0;
            String retryAfter = null;
            for (int i = 0; i < 40; i++) {
                RawClient.Response r = RawClient.request("127.0.0.2", port, "GET", "/ops/threads", null);
                assertThat(r.status()).isIn(401, 429);
                if (r.status() == 429) {
                    limited++;
                    retryAfter = r.header("Retry-After");
                }
            }
            assertThat(limited).isGreaterThanOrEqualTo(15);
            assertThat(retryAfter).isEqualTo("1");
            // A valid token from the same address is counted in its own, generous bucket.
            assertThat(RawClient.request("127.0.0.2", port, "GET", "/ops/info", TestEndpoint.MONITOR).status()).isEqualTo(200);
        }
    }

    @Test
    void authenticatedCallersHaveTheirOwnRate() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.rate(1, 3)))) {
            int port = e.hatch().port();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(RawClient.request("127.0.0.2", port, "GET", "/ops", TestEndpoint.MONITOR).status());
            }
            assertThat(statuses).startsWith(200, 200, 200).contains(429);
            assertThat(RawClient.request("127.0.0.3", port, "GET", "/ops", TestEndpoint.MONITOR).status()).isEqualTo(200);
        }
    }

    @Test
    void slowHeadersAreDroppedWhileAGoodClientIsServedFast() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.headTimeout(Duration.ofMillis(1500))))) {
            int port = e.hatch().port();
            List<RawClient> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    RawClient c = RawClient.connect("127.0.0.2", port);
                    c.send("GET /ops/info HTTP/1.1\r\nHost: x\r\n");
                    slow.add(c);
                }
                for (int round = 0; round < 4; round++) {
                    for (RawClient c : slow) {
                        try {
                            c.send("X-Slow-" + round + ": a\r\n"); // trickle, never finish the head
                        } catch (java.io.IOException closed) {
                            // already dropped
                        }
                    }
                    HttpResponse<String> good = e.get("/ops/info", TestEndpoint.MONITOR);
                    assertThat(good.statusCode()).isEqualTo(200);
                    Thread.sleep(300); // the trickle's pace, not a synchronisation
                }
                // Dropped by the head deadline, however steadily they trickled (how fast the good
                // client was served is measured in the benchmarks, not asserted here).
                for (RawClient c : slow) {
                    assertThat(c.closedByServer(15_000)).isTrue();
                }
            } finally {
                for (RawClient c : slow) {
                    c.close();
                }
            }
            assertThat(java.nio.file.Files.readString(e.hatch().auditFile())).contains("head-timeout");
        }
    }

    @Test
    void aThousandIdleConnectionsDoNotBlockAGoodClient() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.maxConnections(64).maxConnectionsPerAddress(16)))) {
            int port = e.hatch().port();
            List<RawClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < idleSockets(); i++) {
                    idle.add(RawClient.connect("127.0.0." + (2 + i % 6), port)); // six attacking addresses
                }
                for (int i = 0; i < 5; i++) {
                    assertThat(e.get("/ops/info", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
                }
                assertThat(RawClient.request("127.0.0.9", port, "GET", "/ops/info", TestEndpoint.MONITOR).status()).isEqualTo(200);
                assertThat(e.hatch().endpoint().openConnections()).isLessThanOrEqualTo(64);
            } finally {
                for (RawClient c : idle) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aRefusedTokenKeepsTheConnectionSoARetryCostsNoNewHandshake() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            try (RawClient c = RawClient.connect("127.0.0.2", e.hatch().port())) {
                c.send("GET /ops HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + WRONG + "\r\n\r\n");
                RawClient.Response refused = c.read();
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.header("Connection")).isNull();
                assertThat(c.closedByServer(300)).isFalse();
                c.send("GET /ops HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestEndpoint.MONITOR + "\r\n\r\n");
                assertThat(c.read().status()).as("the same connection serves the next request").isEqualTo(200);
            }
            try (RawClient c = RawClient.connect("127.0.0.2", e.hatch().port())) {
                c.send("POST /ops/info HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestEndpoint.MONITOR
                        + "\r\nContent-Length: 100000000\r\n\r\n");
                RawClient.Response tooLarge = c.read();
                assertThat(tooLarge.status()).isEqualTo(413);
                assertThat(tooLarge.header("Connection")).as("a body that was not read ends the connection").isEqualTo("close");
                assertThat(c.closedByServer(2000)).isTrue();
            }
        }
    }

    /** 1,000, or fewer if this process may not open that many files (ulimit -n) besides what it has open. */
    private static int idleSockets() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long room = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - 300;
            return (int) Math.max(100, Math.min(1000, room));
        }
        return 1000;
    }

    @Test
    void idleKeepAliveConnectionsAreClosed() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.keepAliveTimeout(Duration.ofMillis(500))))) {
            try (RawClient c = RawClient.connect("127.0.0.2", e.hatch().port())) {
                c.send("GET /ops HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestEndpoint.MONITOR + "\r\n\r\n");
                assertThat(c.read().status()).isEqualTo(200);
                assertThat(c.closedByServer(3000)).isTrue();
            }
        }
    }

    @Test
    void oversizedHeadBodyAndTargetAreRefusedFast() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            int port = e.hatch().port();
            try (RawClient c = RawClient.connect("127.0.0.2", port)) {
                c.send("GET /ops HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
                RawClient.Response r = c.read();
                assertThat(r.status()).isEqualTo(431);
                assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
            }
            try (RawClient c = RawClient.connect("127.0.0.2", port)) {
                // Declares 100 MB and sends none of it: refused on the head alone.
                c.send("POST /ops/info HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestEndpoint.MONITOR
                        + "\r\nContent-Length: 100000000\r\n\r\n");
                RawClient.Response r = c.read();
                assertThat(r.status()).isEqualTo(413);
            }
            String longQuery = "/ops/info?x=" + "a".repeat(3000);
            assertThat(RawClient.request("127.0.0.2", port, "GET", longQuery, TestEndpoint.MONITOR).status()).isEqualTo(414);
            StringBuilder many = new StringBuilder("/ops/info?");
            for (int i = 0; i < 40; i++) {
                many.append("p").append(i).append("=1&");
            }
            RawClient.Response tooMany = RawClient.request("127.0.0.2", port, "GET", many.toString(), TestEndpoint.MONITOR);
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.body()).contains("too many query parameters");
        }
    }

    @Test
    void saturatedHandlersAnswer503WithRetryAfter() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.maxThreads(1).maxQueuedRequests(0).healthTimeout(Duration.ofSeconds(60)))
                .healthCheck("slow", () -> {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    return HealthCheck.Result.up();
                }))) {
            CompletableFuture<HttpResponse<String>> busy = e.client().sendAsync(e.request("/ops/health", TestEndpoint.MONITOR).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("the slow health check holds the only slot").isTrue();
            // Another principal finds no slot: 503 (the same one would be over its share: 429, see FairShareTest).
            RawClient.Response refused = RawClient.request("127.0.0.2", e.hatch().port(), "GET", "/ops/info", TestEndpoint.ALL);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(RawClient.request("127.0.0.2", e.hatch().port(), "GET", "/ops/info", TestEndpoint.MONITOR).status())
                    .isEqualTo(429);
            // Unauthenticated callers are answered without a handler slot.
            assertThat(RawClient.request("127.0.0.2", e.hatch().port(), "GET", "/ops/info", null).status()).isEqualTo(401);
            release.countDown();
            assertThat(busy.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(e.get("/ops/info", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
        }
    }
}
