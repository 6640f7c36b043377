package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security matrix of the diagnostics routes: no token and a wrong token get 401, a token
 * without the route's scope 403, a token with it 2xx.
 */
@Timeout(120)
class DiagnosticsAccessTest {
    private static TestEndpoint endpoint;

    @BeforeAll
    static void start() throws Exception {
        endpoint = TestEndpoint.start(b -> b.command(Command.builder("noop").timeLimit(Duration.ofSeconds(5))
                .handler(args -> Map.of()).build()));
    }

    @AfterAll
    static void stop() throws Exception {
        endpoint.close();
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("GET", "/ops/threads", TestEndpoint.MONITOR, TestEndpoint.DUMP),
                Arguments.of("GET", "/ops/threads?format=text", TestEndpoint.MONITOR, TestEndpoint.OPERATE),
                Arguments.of("GET", "/ops/threads?format=jcmd-json", TestEndpoint.MONITOR, TestEndpoint.OPERATE),
                Arguments.of("GET", "/ops/threads/deadlocks", TestEndpoint.MONITOR, TestEndpoint.OPERATE),
                Arguments.of("GET", "/ops/threads/busiest?ms=10", TestEndpoint.MONITOR, TestEndpoint.DUMP),
                Arguments.of("GET", "/ops/env", TestEndpoint.MONITOR, TestEndpoint.ADMIN),
                Arguments.of("POST", "/ops/gc", TestEndpoint.OPERATE, TestEndpoint.MONITOR),
                Arguments.of("GET", "/ops/commands", TestEndpoint.OPERATE, TestEndpoint.MONITOR),
                Arguments.of("POST", "/ops/commands/noop", TestEndpoint.OPERATE, TestEndpoint.ADMIN),
                Arguments.of("POST", "/ops/commands/unknown", TestEndpoint.OPERATE, TestEndpoint.MONITOR));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void unauthenticatedCallersGet401(String method, String path, String allowed, String forbidden) throws Exception {
        for (String token : new String[] {null, "not-a-valid-token-0123456789"}) {
            HttpResponse<String> r = endpoint.send(method, path, token, null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(r.body()).doesNotContain("threads", "commands");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void tokensWithoutTheScopeGet403(String method, String path, String allowed, String forbidden) throws Exception {
        HttpResponse<String> r = endpoint.send(method, path, forbidden, null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void tokensWithTheScopeAreServed(String method, String path, String allowed, String forbidden) throws Exception {
        HttpResponse<String> r = endpoint.send(method, path, allowed, null);
        assertThat(r.statusCode()).isEqualTo(path.endsWith("unknown") ? 404 : 200);
    }
}
