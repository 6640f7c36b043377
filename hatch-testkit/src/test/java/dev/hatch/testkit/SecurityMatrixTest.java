package dev.hatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.RouteTable;
import dev.hatch.TestEndpoint;
import java.math.BigDecimal;
import java.nio.file.Path;
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
 * token with it}, through the real pipeline and handlers in memory. The routes and their scopes
 * are pinned in {@link RouteTable}, and the endpoint's index must list exactly those: a route
 * registered with another scope, or a new route nobody added to the table, fails.
 * docs/security-model.md shows the same table. That every route is reached through the HTTP
 * transport too is shown on a real socket by the core's {@code BrowserSafetyTest},
 * {@code TraversalTest} and {@code SecretLeakTest}, which walk the same table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMatrixTest {
    /** Cheap parameters for routes whose defaults would take long or answer a whole heap. */
    private static final Map<String, String> SAMPLE_QUERY = Map.of(
            "/ops/threads/busiest", "?ms=10",
            "/ops/profile", "?seconds=1",
            "/ops/jfr", "?last=1");
    private static final String WRONG = "wrong-token-0123456789abcdef";

    private HatchTestKit kit;

    @BeforeAll
    void start() {
        kit = Kits.start(b -> b.replEnabled(true));
    }

    @AfterAll
    void stop() throws Exception {
        // The authorized POST /ops/heapdumps cell stored a dump on purpose: stored dumps outlive
        // the endpoint, so delete them once they are no longer running.
        TestEndpoint.deleteStoredDumps(() -> Kits.send(kit, "GET", "/ops/heapdumps", TestEndpoint.ALL).text(),
                id -> kit.delete("/ops/heapdumps/" + id).token(TestEndpoint.ALL).send());
        kit.close();
    }

    /** The pinned table, not the endpoint's index: a route with the wrong scope fails here. */
    Stream<Arguments> routes() {
        return RouteTable.ROUTES.stream().map(r -> Arguments.of(r.method(), r.sample("no-such-thing"), r.scope()));
    }

    @Test
    void theIndexServesExactlyThePinnedRoutesWithThePinnedScopes() {
        assertThat(RouteTable.fromIndex(Kits.send(kit, "GET", "/ops", TestEndpoint.ALL).text()))
                .containsExactlyInAnyOrderElementsOf(RouteTable.ROUTES);
    }

    @Test
    void theSecurityModelDocumentShowsThePinnedScopes() throws Exception {
        Path doc = Path.of("..", "docs", "security-model.md");
        assertThat(RouteTable.fromSecurityModel(doc)).as("the table \"Routes and their scopes\" in " + doc)
                .containsExactlyInAnyOrderElementsOf(RouteTable.ROUTES);
    }

    @Test
    void publicAssetsAreOnlyTheConsoleFiles() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> routes = (List<Map<String, Object>>) Kits.json(Kits.send(kit, "GET", "/ops", TestEndpoint.ALL))
                .get("routes");
        List<String> open = routes.stream().filter(r -> Boolean.TRUE.equals(r.get("publicAsset")))
                .map(r -> r.get("method") + " " + r.get("path")).toList();
        assertThat(open).containsExactlyInAnyOrder("GET /ops/console", "GET /ops/console/{file}");
    }

    @ParameterizedTest(name = "{0} {1} without a token: 401")
    @MethodSource("routes")
    void withoutTokenIs401(String method, String path, String scope) {
        Reply r = Kits.send(kit, method, path, null);
        assertThat(r.status()).as("%s", r).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(r.contentType()).isEqualTo("application/problem+json");
    }

    @ParameterizedTest(name = "{0} {1} with a wrong token: 401")
    @MethodSource("routes")
    void wrongTokenIs401(String method, String path, String scope) {
        Reply r = Kits.send(kit, method, path, WRONG);
        assertThat(r.status()).as("%s", r).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @ParameterizedTest(name = "{0} {1} with a token lacking scope {2}: 403")
    @MethodSource("routes")
    void tokenWithoutScopeIs403(String method, String path, String scope) {
        if (scope == null) {
            return; // any authenticated caller may call it: there is no token without its scope
        }
        String token = scope.equals("monitor") ? TestEndpoint.DUMP : TestEndpoint.MONITOR;
        Reply r = Kits.send(kit, method, path, token);
        assertThat(r.status()).as("%s", r).isEqualTo(403);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        Map<String, Object> problem = Kits.json(r);
        assertThat(problem).containsEntry("status", new BigDecimal(403)).containsKeys("title", "detail", "correlationId");
        assertThat((String) problem.get("detail")).contains(scope);
    }

    @ParameterizedTest(name = "{0} {1} with scope {2}: authorized")
    @MethodSource("routes")
    void tokenWithScopeIsAuthorized(String method, String path, String scope) {
        String token = scope == null ? TestEndpoint.MONITOR : switch (scope) {
            case "monitor" -> TestEndpoint.MONITOR;
            case "dump" -> TestEndpoint.DUMP;
            case "operate" -> TestEndpoint.OPERATE;
            case "admin" -> TestEndpoint.ADMIN;
            case "repl" -> TestEndpoint.REPL;
            default -> throw new AssertionError("unknown scope " + scope);
        };
        Reply r = Kits.send(kit, method, path + SAMPLE_QUERY.getOrDefault(path, ""), token);
        assertThat(r.status()).as("%s", r).isNotIn(401, 403).isLessThan(500);
    }

    @Test
    void unknownRoutesAre401WithoutTokenAnd404WithOne() {
        for (String path : List.of("/", "/admin", "/ops/nope", "/ops/heapdump/x", "/.env", "/actuator/env")) {
            assertThat(Kits.send(kit, "GET", path, null).status()).as(path).isEqualTo(401);
            assertThat(Kits.send(kit, "GET", path, WRONG).status()).as(path).isEqualTo(401);
            Reply known = Kits.send(kit, "GET", path, TestEndpoint.MONITOR);
            assertThat(known.status()).as(path).isEqualTo(404);
            assertThat(known.contentType()).isEqualTo("application/problem+json");
        }
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Reply r = kit.delete("/ops/threads").token(TestEndpoint.MONITOR).send();
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).hasValue("GET");
        assertThat(kit.delete("/ops/threads").send().status()).isEqualTo(401);
    }

    @Test
    void indexListsOnlyWhatTheTokenMayCall() {
        String body = Kits.send(kit, "GET", "/ops", TestEndpoint.MONITOR).text();
        assertThat(body).contains("/ops/threads").doesNotContain("/ops/heapdump\"").doesNotContain("/ops/audit\"");
        String dump = Kits.send(kit, "GET", "/ops", TestEndpoint.DUMP).text();
        assertThat(dump).contains("/ops/heapdump").doesNotContain("/ops/threads\"");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (String token : new String[] {null, TestEndpoint.MONITOR}) {
            Reply r = Kits.send(kit, "GET", "/ops/info", token);
            assertThat(r.header("Cache-Control")).hasValue("no-store");
            assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.header("X-Frame-Options")).hasValue("DENY");
            assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void errorsNeverCarryStackTraces() {
        for (String path : List.of("/ops/threads?format=xml", "/ops/heapdump?live=maybe", "/ops/audit?limit=-1",
                "/ops/info?unexpected=1", "/ops/threads?format=text&format=json")) {
            Reply r = Kits.send(kit, "GET", path, TestEndpoint.ALL);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.text()).doesNotContain("at dev.hatch", "Exception", "\tat ");
            assertThat(Kits.json(r)).containsKeys("title", "status", "detail", "correlationId");
        }
    }
}
