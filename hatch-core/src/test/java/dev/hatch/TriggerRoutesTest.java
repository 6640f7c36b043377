package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerRoutesTest {
    private static final String NEAR_OOM = "{\"on\":\"old-gen\",\"percent\":99,\"cooldown\":\"10m\",\"maxCount\":2}";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> r) {
        return (Map<String, Object>) JsonTree.value(r.body());
    }

    @Test
    void triggerRoutesAnswer401WithoutAValidTokenAnd403WithoutOperateScope() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            for (String[] m : new String[][] {{"GET", "/ops/triggers"}, {"PUT", "/ops/triggers/x"}, {"DELETE", "/ops/triggers/x"}}) {
                String body = m[0].equals("PUT") ? NEAR_OOM : null;
                assertThat(e.send(m[0], m[1], null, body).statusCode()).isEqualTo(401);
                assertThat(e.send(m[0], m[1], "wrong-token-0123456789abcdef", body).statusCode()).isEqualTo(401);
                assertThat(e.send(m[0], m[1], TestEndpoint.MONITOR, body).statusCode()).isEqualTo(403);
                assertThat(e.send(m[0], m[1], TestEndpoint.DUMP, body).statusCode()).isEqualTo(403);
            }
        }
    }

    /**
     * A trigger takes heap dumps, and a dump holds every secret in the heap: defining one is an
     * admin's act, not operate's (operate could otherwise dump the heap through a trigger and a GC).
     */
    @Test
    void definingOrDeletingATriggerNeedsAdminScopeListingNeedsOperate() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> put = e.send("PUT", "/ops/triggers/x", TestEndpoint.OPERATE, NEAR_OOM);
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(put.body()).contains("'admin' scope");
            assertThat(e.send("DELETE", "/ops/triggers/x", TestEndpoint.OPERATE, null).statusCode()).isEqualTo(403);
            assertThat(e.send("PUT", "/ops/triggers/x", TestEndpoint.ADMIN, NEAR_OOM).statusCode()).isEqualTo(201);
            assertThat(e.get("/ops/triggers", TestEndpoint.OPERATE).statusCode()).isEqualTo(200);
            assertThat(e.get("/ops/triggers", TestEndpoint.ADMIN).statusCode()).isEqualTo(403);
            assertThat(e.send("DELETE", "/ops/triggers/x", TestEndpoint.ADMIN, null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void putCreatesThenReplacesAndGetShowsDefinitionAndState() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> created = e.send("PUT", "/ops/triggers/near-oom", TestEndpoint.ADMIN, NEAR_OOM);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created)).containsEntry("name", "near-oom").containsEntry("percent", new java.math.BigDecimal(99));
            HttpResponse<String> replaced = e.send("PUT", "/ops/triggers/near-oom", TestEndpoint.ADMIN,
                    "{\"on\":\"verdict\",\"verdict\":\"likely\",\"maxCount\":1}");
            assertThat(replaced.statusCode()).isEqualTo(200);
            List<Object> all = (List<Object>) json(e.get("/ops/triggers", TestEndpoint.OPERATE)).get("triggers");
            assertThat(all).singleElement().satisfies(t -> {
                Map<String, Object> m = (Map<String, Object>) t;
                assertThat(m).containsEntry("on", "verdict").containsEntry("verdict", "likely").containsEntry("maxCount", new java.math.BigDecimal(1));
                assertThat((Map<String, Object>) m.get("state")).containsEntry("fired", java.math.BigDecimal.ZERO).containsEntry("exhausted", false);
            });
            assertThat(e.send("DELETE", "/ops/triggers/near-oom", TestEndpoint.ADMIN, null).statusCode()).isEqualTo(204);
            assertThat(e.send("DELETE", "/ops/triggers/near-oom", TestEndpoint.ADMIN, null).statusCode()).isEqualTo(404);
            assertThat((List<Object>) json(e.get("/ops/triggers", TestEndpoint.OPERATE)).get("triggers")).isEmpty();
        }
    }

    @Test
    void malformedDefinitionsAre400AndTooManyTriggersAre409() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            HttpResponse<String> bad = e.send("PUT", "/ops/triggers/x", TestEndpoint.ADMIN, "{\"on\":\"old-gen\",\"percent\":0}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("percent");
            assertThat(e.send("PUT", "/ops/triggers/x", TestEndpoint.ADMIN, "not json").statusCode()).isEqualTo(400);
            assertThat(e.send("PUT", "/ops/triggers/x", TestEndpoint.ADMIN, "{\"on\":\"old-gen\",\"percent\":90,\"x\":1}").statusCode())
                    .isEqualTo(400);
            for (int i = 0; i < 16; i++) {
                assertThat(e.send("PUT", "/ops/triggers/t" + i, TestEndpoint.ADMIN, NEAR_OOM).statusCode()).isEqualTo(201);
            }
            assertThat(e.send("PUT", "/ops/triggers/t16", TestEndpoint.ADMIN, NEAR_OOM).statusCode()).isEqualTo(409);
            assertThat(e.send("PUT", "/ops/triggers/t3", TestEndpoint.ADMIN, NEAR_OOM).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void verdictTriggersNeedTheLeakDetector() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.leakDetection(false))) {
            HttpResponse<String> r = e.send("PUT", "/ops/triggers/leak", TestEndpoint.ADMIN, "{\"on\":\"verdict\",\"verdict\":\"likely\"}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("hatch.leaks.enabled=false");
            assertThat(e.send("PUT", "/ops/triggers/oom", TestEndpoint.ADMIN, NEAR_OOM).statusCode()).isEqualTo(201);
        }
    }
}
