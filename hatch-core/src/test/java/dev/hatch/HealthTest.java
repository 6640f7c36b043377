package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /ops/health} aggregates the application's checks; a bad check is DOWN, never a hang. */
class HealthTest {
    @Test
    void upWhenAllChecksPass() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.healthCheck("db", () -> HealthCheck.Result.up("3 connections")))) {
            HttpResponse<String> r = e.get("/ops/health", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonTree.parse(r.body());
            assertThat(body).containsEntry("status", "UP");
            assertThat(r.body()).contains("\"db\":{\"status\":\"UP\",\"detail\":\"3 connections\"");
        }
    }

    @Test
    void downCheckMakes503AndSlowOrThrowingChecksAreDown() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b
                .limits(l -> l.healthTimeout(Duration.ofMillis(200)))
                .healthCheck("ok", HealthCheck.Result::up)
                .healthCheck("queue", () -> HealthCheck.Result.down("backlog 5000"))
                .healthCheck("slow", () -> {
                    Thread.sleep(10_000);
                    return HealthCheck.Result.up();
                })
                .healthCheck("broken", () -> {
                    throw new IllegalStateException("secret detail must not leak");
                }))) {
            // Had the endpoint waited for the slow check, it would answer UP for it after 10 s.
            HttpResponse<String> r = e.get("/ops/health", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"status\":\"DOWN\"", "backlog 5000", "no answer within 200 ms",
                    "java.lang.IllegalStateException").doesNotContain("secret detail");
        }
    }

    @Test
    void publicHealthShowsOnlyTheStatusToAnonymousCallers() throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> b.publicRoutes("health")
                .healthCheck("db", () -> HealthCheck.Result.up("db-host-7")))) {
            HttpResponse<String> anon = e.get("/ops/health", null);
            assertThat(anon.statusCode()).isEqualTo(200);
            assertThat(anon.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(e.get("/ops/health", "wrong-token-0123456789abcdef").statusCode()).isEqualTo(401);
            assertThat(e.get("/ops/health", TestEndpoint.MONITOR).body()).contains("db-host-7");
            assertThat(e.get("/ops/info", null).statusCode()).isEqualTo(401);
        }
    }
}
