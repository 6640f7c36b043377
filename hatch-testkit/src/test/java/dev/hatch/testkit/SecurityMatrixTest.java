package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security matrix: every route × {no token, wrong token, token without the route's scope,
 * token with it}. The routes and their scopes are pinned in {@link RouteTable}, and the
 * endpoint's index must list exactly those: a route registered with another scope, or a new
 * route nobody added to the table, fails. docs/security-model.md shows the same table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMatrixTest {
    /** Cheap parameters for routes whose defaults would take long. */
    private static final Map<String, String> SAMPLE_QUERY = Map.of(
            "/ops/threads/busiest", "?ms=10",
            "/ops/profile", "?seconds=1",
            "/ops/jfr", "?last=1");

    private TestEndpoint endpoint;

    @BeforeAll
    void start() throws Exception {
        endpoint = TestEndpoint.start(b -> b.replEnabled(true));
    }

    @AfterAll
    void stop() throws Exception {
        // The authorized POST /ops/heapdumps cell stored a dump on purpose: stored dumps outlive
        // the endpoint, so delete them once they are no longer running.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> dumps = (List<Map<String, Object>>) JsonTree.parse(
                    endpoint.get("/ops/heapdumps", TestEndpoint.ALL).body()).get("dumps");
            if (dumps.stream().noneMatch(d -> "running".equals(d.get("state")))) {
                for (Map<String, Object> d : dumps) {
                    endpoint.send("DELETE", "/ops/heapdumps/" + d.get("id"), TestEndpoint.ALL, null);
                }
                break;
            }
            Thread.sleep(100);
        }
        endpoint.close();
    }

    /** The pinned table, not the endpoint's index: a route with the wrong scope fails here. */
    Stream<Arguments> routes() {
        return RouteTable.ROUTES.stream().map(r -> Arguments.of(r.method(), r.sample("no-such-thing"), r.scope()));
    }

    @Test
    void theIndexServesExactlyThePinnedRoutesWithThePinnedScopes() throws Exception {
        assertThat(RouteTable.fromIndex(endpoint.get("/ops", TestEndpoint.ALL).body()))
                .containsExactlyInAnyOrderElementsOf(RouteTable.ROUTES);
    }

    @Test
    void theSecurityModelDocumentShowsThePinnedScopes() throws Exception {
        java.nio.file.Path doc = java.nio.file.Path.of("..", "docs", "security-model.md");
        assertThat(RouteTable.fromSecurityModel(doc)).as("the table \"Routes and their scopes\" in " + doc)
                .containsExactlyInAnyOrderElementsOf(RouteTable.ROUTES);
    }

    @Test
    void publicAssetsAreOnlyTheConsoleFiles() throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> routes = (List<Map<String, Object>>) JsonTree.parse(endpoint.get("/ops", TestEndpoint.ALL).body()).get("routes");
        List<String> open = routes.stream().filter(r -> Boolean.TRUE.equals(r.get("publicAsset")))
                .map(r -> r.get("method") + " " + r.get("path")).toList();
        assertThat(open).containsExactlyInAnyOrder("GET /ops/console", "GET /ops/console/{file}");
    }

    @ParameterizedTest(name = "{0} {1} without a token: 401")
    @MethodSource("routes")
    void withoutTokenIs401(String method, String path, String scope) throws Exception {
        HttpResponse<String> r = endpoint.send(method, path, null, method.equals("GET") ? null : "{}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @ParameterizedTest(name = "{0} {1} with a wrong token: 401")
    @MethodSource("routes")
    void wrongTokenIs401(String method, String path, String scope) throws Exception {
        HttpResponse<String> r = endpoint.send(method, path, "wrong-token-0123456789abcdef", method.equals("GET") ? null : "{}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @ParameterizedTest(name = "{0} {1} with a token lacking scope {2}: 403")
    @MethodSource("routes")
    void tokenWithoutScopeIs403(String method, String path, String scope) throws Exception {
        if (scope == null) {
            return; // any authenticated caller may call it: there is no token without its scope
        }
        String token = scope.equals("monitor") ? TestEndpoint.DUMP : TestEndpoint.MONITOR;
        HttpResponse<String> r = endpoint.send(method, path, token, method.equals("GET") ? null : "{}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonTree.parse(r.body())).containsEntry("status", new java.math.BigDecimal(403))
                .containsKeys("title", "detail", "correlationId");
        assertThat((String) JsonTree.parse(r.body()).get("detail")).contains(scope);
    }

    @ParameterizedTest(name = "{0} {1} with scope {2}: authorized")
    @MethodSource("routes")
    void tokenWithScopeIsAuthorized(String method, String path, String scope) throws Exception {
        String token = scope == null ? TestEndpoint.MONITOR : switch (scope) {
            case "monitor" -> TestEndpoint.MONITOR;
            case "dump" -> TestEndpoint.DUMP;
            case "operate" -> TestEndpoint.OPERATE;
            case "admin" -> TestEndpoint.ADMIN;
            case "repl" -> TestEndpoint.REPL;
            default -> throw new AssertionError("unknown scope " + scope);
        };
        String query = SAMPLE_QUERY.getOrDefault(path, "");
        HttpResponse<String> r = endpoint.send(method, path + query, token, method.equals("GET") ? null : "{}");
        assertThat(r.statusCode()).as(r.body()).isNotIn(401, 403);
        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
    }

    @Test
    void unknownRoutesAre401WithoutTokenAnd404WithOne() throws Exception {
        for (String path : List.of("/", "/admin", "/ops/nope", "/ops/heapdump/x", "/.env", "/actuator/env")) {
            assertThat(endpoint.get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(endpoint.get(path, "wrong-token-0123456789abcdef").statusCode()).as(path).isEqualTo(401);
            HttpResponse<String> known = endpoint.get(path, TestEndpoint.MONITOR);
            assertThat(known.statusCode()).as(path).isEqualTo(404);
            assertThat(known.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = endpoint.send("DELETE", "/ops/threads", TestEndpoint.MONITOR, null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");
        assertThat(endpoint.send("DELETE", "/ops/threads", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void indexListsOnlyWhatTheTokenMayCall() throws Exception {
        String body = endpoint.get("/ops", TestEndpoint.MONITOR).body();
        assertThat(body).contains("/ops/threads").doesNotContain("/ops/heapdump\"").doesNotContain("/ops/audit\"");
        String dump = endpoint.get("/ops", TestEndpoint.DUMP).body();
        assertThat(dump).contains("/ops/heapdump").doesNotContain("/ops/threads\"");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (String token : new String[] {null, TestEndpoint.MONITOR}) {
            HttpResponse<String> r = endpoint.get("/ops/info", token);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(r.headers().firstValue("Server")).isEmpty();
        }
    }

    @Test
    void errorsNeverCarryStackTraces() throws Exception {
        for (String path : List.of("/ops/threads?format=xml", "/ops/heapdump?live=maybe", "/ops/audit?limit=-1",
                "/ops/info?unexpected=1", "/ops/threads?format=text&format=json")) {
            HttpResponse<String> r = endpoint.get(path, TestEndpoint.ALL);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).doesNotContain("at dev.hatch", "Exception", "\tat ");
            assertThat(JsonTree.parse(r.body())).containsKeys("title", "status", "detail", "correlationId");
        }
    }
}
