package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A browser page on another origin gets nothing: no CORS allowance, no cross-site state changes, no framing, no caching. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSafetyTest {
    private TestEndpoint e;

    @BeforeAll
    void start() throws Exception {
        e = TestEndpoint.start();
    }

    @AfterAll
    void stop() throws Exception {
        e.close();
    }

    @Test
    void crossOriginPreflightGetsNoAllowance() throws Exception {
        for (String path : List.of("/ops/info", "/ops/heapdump", "/ops/nope")) {
            HttpResponse<String> r = e.client().send(HttpRequest.newBuilder(e.uri(path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().map().keySet()).as(path).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
        }
    }

    @Test
    void crossOriginGetWithTokenGetsNoAllowOriginEither() throws Exception {
        HttpResponse<String> r = e.client().send(e.request("/ops/info", TestEndpoint.MONITOR)
                .header("Origin", "https://evil.example").header("Sec-Fetch-Site", "cross-site").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200); // a read; the browser will not hand it to the page without ACAO
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void crossSiteRequestsCannotChangeState() throws Exception {
        // Every state-changing route, from the pinned table (SecurityMatrixTest holds the index to it).
        for (RouteTable.Entry route : RouteTable.ROUTES) {
            String method = route.method();
            if (method.equals("GET") || method.equals("HEAD")) {
                continue;
            }
            String path = route.sample("x");
            HttpResponse<String> r = e.client().send(e.request(path, TestEndpoint.ALL).header("Sec-Fetch-Site", "cross-site")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path).isEqualTo(403);
            assertThat(r.body()).contains("cross-site");
        }
    }

    @Test
    void everyKindOfResponseForbidsCachingSniffingAndFraming() throws Exception {
        for (String token : new String[] {null, TestEndpoint.MONITOR, "wrong-token-0123456789abcdef"}) {
            for (String path : List.of("/ops/info", "/ops/nope", "/ops/audit", "/ops/info?x=1")) {
                HttpResponse<String> r = e.get(path, token);
                assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
                assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
                assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
                assertThat(r.headers().firstValue("Server")).as(path).isEmpty();
                assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
                assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(v ->
                        assertThat(v).contains("frame-ancestors 'none'"));
            }
        }
        // and the errors Jetty answers before the pipeline runs
        try (RawClient c = RawClient.connect("127.0.0.1", e.hatch().port())) {
            c.send("GET /ops HTTP/1.1\r\nHost: x\r\nX: " + "y".repeat(9000) + "\r\n\r\n");
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.body()).doesNotContain("<html", "jetty", "Jetty");
        }
    }
}
