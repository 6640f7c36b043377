package dev.hatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.TestEndpoint;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The refusals a newcomer meets first say what to do instead: a near-miss path names the route,
 * a POST to the one-shot dump names the stored dumps, a form body where JSON is expected says to
 * send JSON. All of them in the one problem-details shape. (That every layer's refusals share the
 * shape, the HTTP server's own included, is shown on raw sockets by the core's
 * {@code RefusalShapeTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalHintsTest {
    private static final String PROBE = "refusal.hints.probe";
    private HatchTestKit kit;

    @BeforeAll
    void start() {
        kit = Kits.start(b -> { });
    }

    @AfterAll
    void stop() {
        kit.close();
        java.util.logging.Logger.getLogger(PROBE).setLevel(null);
    }

    /** Checks the one problem shape and returns the problem's detail. */
    private static String refused(Reply r, int status) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(r.header("Cache-Control")).hasValue("no-store");
        assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
        Map<String, Object> problem = Kits.json(r);
        assertThat(problem.keySet()).containsExactly("type", "title", "status", "detail", "correlationId");
        assertThat(((Number) problem.get("status")).intValue()).isEqualTo(status);
        assertThat((String) problem.get("correlationId")).matches("[0-9a-f]{16}");
        return (String) problem.get("detail");
    }

    @Test
    void aPostToTheOneShotDumpPointsToTheStoredDumps() {
        Reply r = kit.post("/ops/heapdump").token(TestEndpoint.DUMP).send();
        assertThat(refused(r, 405)).contains("POST /ops/heapdumps");
        assertThat(r.header("Allow")).hasValue("GET");
    }

    @Test
    void aNearMissPathSuggestsTheRouteAndAFarOneDoesNot() {
        Map<String, String> near = Map.of(
                "/ops/heap-dumps", "GET /ops/heapdumps",
                "/ops/Heap_Dumps/", "GET /ops/heapdumps",
                "/ops/heapdump/20260101T000000Z-abcdef", "GET /ops/heapdumps/20260101T000000Z-abcdef",
                "/ops/thread", "GET /ops/threads",
                "/heapdumps", "GET /ops/heapdumps",
                "/ops/threads/deadlock", "GET /ops/threads/deadlocks");
        for (Map.Entry<String, String> c : near.entrySet()) {
            assertThat(refused(kit.get(c.getKey()).token(TestEndpoint.ALL).send(), 404)).as(c.getKey())
                    .contains("did you mean " + c.getValue() + "?");
        }
        for (String far : new String[] {"/ops/x", "/ops/nothing-here", "/admin", "/ops/" + "q".repeat(300)}) {
            assertThat(refused(kit.get(far).token(TestEndpoint.ALL).send(), 404)).as(far).doesNotContain("did you mean");
        }
        // Only routes the token may call are suggested, as GET /ops lists them.
        assertThat(refused(kit.get("/ops/heap-dumps").token(TestEndpoint.MONITOR).send(), 404)).doesNotContain("did you mean");
    }

    @Test
    void aFormOrTextBodyWhereJsonIsExpectedIs415AndSaysToSendJson() {
        // What curl -d '{"level":"DEBUG"}' sends without -H 'Content-Type: application/json'.
        Reply form = kit.post("/ops/loggers/" + PROBE).token(TestEndpoint.OPERATE)
                .body("{\"level\":\"DEBUG\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/x-www-form-urlencoded")
                .send();
        assertThat(refused(form, 415)).contains("Content-Type: application/json").contains("curl");
        assertThat(form.header("Accept")).hasValue("application/json");
        refused(kit.put("/ops/triggers/t").token(TestEndpoint.ALL).body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain")
                .send(), 415);
        // JSON itself, with parameters or a +json type, and a body without a type still work (on a
        // logger of its own, outside every other test's hierarchy, reset after the class).
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", "application/merge-patch+json", null}) {
            Reply ok = Kits.checked(kit.post("/ops/loggers/" + PROBE).token(TestEndpoint.OPERATE)
                    .body("{\"level\":\"DEBUG\",\"framework\":\"jul\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), type).send());
            assertThat(ok.status()).as(type + ": " + ok).isEqualTo(200);
        }
    }
}
