package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.internal.http.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of refusal, whichever layer makes it (Hatch's pipeline, a route, or the HTTP
 * server before Hatch sees the request), has the one problem-details shape: problem+json with
 * exactly {@code type, title, status, detail, correlationId}, the same title for the same status,
 * the security headers and one {@code Date}. Requests are raw bytes on a socket so that nothing is
 * normalised on the way. (The hints in the refusals a newcomer meets first, which are the
 * pipeline's alone, are tested in memory by the test kit's {@code RefusalHintsTest}.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RefusalShapeTest {
    private static final String IMF_FIXDATE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT";

    private static String get(String target, String token) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth(token) + "Connection: close\r\n\r\n";
    }

    private static String post(String target, String token, String type, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth(token) + (type == null ? "" : "Content-Type: " + type + "\r\n")
                + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n" + body;
    }

    private static String auth(String token) {
        return token == null ? "" : "Authorization: Bearer " + token + "\r\n";
    }

    /** Sends the raw request from the given loopback address and checks the shape of the refusal. */
    private static Map<String, Object> refused(TestEndpoint e, String from, String raw, int status) throws Exception {
        RawClient.Response r;
        try (RawClient c = RawClient.connect(from, e.hatch().port())) {
            c.send(raw);
            r = c.read();
        }
        String what = raw.substring(0, Math.min(60, raw.length())).replace("\r\n", " ") + " -> " + r.status();
        assertThat(r.status()).as(what + " " + r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(what).isEqualTo("application/problem+json");
        assertThat(r.header("Cache-Control")).as(what).isEqualTo("no-store");
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(r.header("Content-Security-Policy")).as(what).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(r.header("Date")).as(what).matches(IMF_FIXDATE);
        assertThat(r.head().split("(?i)\r\ndate:", -1)).as(what + ": one Date header").hasSize(2);
        assertThat(r.header("Server")).as(what).isNull();
        Map<String, Object> problem = JsonTree.parse(r.body());
        assertThat(problem.keySet()).as(what).containsExactly("type", "title", "status", "detail", "correlationId");
        assertThat(problem.get("type")).as(what).isEqualTo("about:blank");
        assertThat(((Number) problem.get("status")).intValue()).as(what).isEqualTo(status);
        assertThat(problem.get("title")).as(what).isEqualTo(Problem.standardTitle(status));
        assertThat((String) problem.get("detail")).as(what).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat((String) problem.get("correlationId")).as(what).matches("[0-9a-f]{16}");
        problem.put("headers", r.head());
        return problem;
    }

    private static String detail(Map<String, Object> problem) {
        return (String) problem.get("detail");
    }

    @Test
    void everyRefusalKindHasTheOneProblemShape() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.maxBodyBytes(4096)))) {
            String local = "127.0.0.1";
            refused(e, local, get("/ops/info?nope=1", TestEndpoint.MONITOR), 400);
            refused(e, local, get("/ops/info", null), 401);
            refused(e, local, get("/ops/info", "wrong-token-0123456789abcdef"), 401);
            refused(e, local, get("/ops/heapdump", TestEndpoint.MONITOR), 403);
            refused(e, local, get("/ops/nothing-here", TestEndpoint.MONITOR), 404);
            refused(e, local, post("/ops/info", TestEndpoint.MONITOR, null, ""), 405);
            refused(e, local, post("/ops/loggers/x", TestEndpoint.OPERATE, "application/json", "{\"level\":\"" + "x".repeat(5000) + "\"}"), 413);
            Map<String, Object> ours = refused(e, local, get("/ops/" + "a".repeat(3000), TestEndpoint.MONITOR), 414);
            Map<String, Object> jettys = refused(e, local, get("/ops/" + "a".repeat(100_000), TestEndpoint.MONITOR), 414);
            assertThat(ours.get("title")).isEqualTo(jettys.get("title")).isEqualTo("URI too long");
            refused(e, local, post("/ops/loggers/x", TestEndpoint.OPERATE, "application/x-www-form-urlencoded", "level=DEBUG"), 415);
            refused(e, local, "GET /ops/info HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n", 431);
            refused(e, local, "GET /ops/info HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n", 400);
            refused(e, local, "GET /ops/info HTTP/1.7\r\nHost: x\r\n\r\n", 505);
            String id = "20260101T000000Z-2e2e2e";
            Path stored = Files.createDirectories(e.hatch().dumpDirectory().resolve("stored"));
            Files.write(stored.resolve(id + ".hprof"), new byte[100]);
            Map<String, Object> range = refused(e, local, "GET /ops/heapdumps/" + id + " HTTP/1.1\r\nHost: x\r\n"
                    + auth(TestEndpoint.DUMP) + "Range: bytes=500-\r\nConnection: close\r\n\r\n", 416);
            assertThat((String) range.get("headers")).contains("Content-Range: bytes */100");
            Files.delete(stored.resolve(id + ".hprof"));
        }
    }

    @Test
    void aLockedOutAddressIsToldWhenTheLockoutEnds() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.limits(l -> l.lockout(2, Duration.ofSeconds(30), Duration.ofMinutes(5))))) {
            String from = "127.0.0.4";
            refused(e, from, get("/ops/info", "wrong-token-0123456789abcdef"), 401);
            refused(e, from, get("/ops/info", "wrong-token-0123456789abcdeg"), 401);
            Instant before = Instant.now();
            Map<String, Object> locked = refused(e, from, get("/ops/info", TestEndpoint.MONITOR), 429);
            String headers = (String) locked.get("headers");
            Matcher retry = Pattern.compile("(?i)Retry-After: ([0-9]+)").matcher(headers);
            assertThat(retry.find()).as(headers).isTrue();
            long seconds = Long.parseLong(retry.group(1));
            assertThat(seconds).isBetween(1L, 30L);
            Matcher until = Pattern.compile("until ([0-9T:.-]+Z)").matcher(detail(locked));
            assertThat(until.find()).as(detail(locked)).isTrue();
            Instant ends = Instant.parse(until.group(1));
            assertThat(ends).isAfter(before).isBefore(before.plusSeconds(seconds + 5));
            assertThat(detail(locked)).contains(seconds + " s").contains("every user of this address");
        }
    }
}
