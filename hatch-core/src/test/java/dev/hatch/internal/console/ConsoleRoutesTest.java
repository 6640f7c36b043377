package dev.hatch.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.TestEndpoint;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The console's static files over real HTTP: open without a token, nothing else is. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRoutesTest {
    private TestEndpoint endpoint;

    @BeforeAll
    void start() throws Exception {
        endpoint = TestEndpoint.start();
    }

    @AfterAll
    void stop() throws Exception {
        endpoint.close();
    }

    @Test
    void consolePageIsServedWithoutTokenUnderAStrictPolicy() throws Exception {
        HttpResponse<String> r = endpoint.get("/ops/console", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleRoutes.CSP);
        assertThat(ConsoleRoutes.CSP).contains("script-src 'self'", "frame-ancestors 'none'", "connect-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.body()).contains("<script src=\"console/app.js\" defer></script>")
                .doesNotContain("onclick", "onload", "<script>", "style=\"", "http://", "https://");
    }

    @Test
    void scriptAndStyleAreServedWithTheirTypes() throws Exception {
        HttpResponse<String> js = endpoint.get("/ops/console/app.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleRoutes.CSP);
        assertThat(js.body()).contains("sessionStorage").doesNotContain("localStorage", "document.cookie", "innerHTML", "eval(");
        HttpResponse<String> css = endpoint.get("/ops/console/app.css", null);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.body()).doesNotContain("@import", "url(");
    }

    @Test
    void unknownConsoleFilesAre404() throws Exception {
        for (String path : List.of("/ops/console/index.html", "/ops/console/ConsoleRoutes.class", "/ops/console/app.json",
                "/ops/console/app.js.map")) {
            HttpResponse<String> r = endpoint.get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        for (String path : List.of("/ops/console/..%2fEndpoint.class", "/ops/console/%2e%2e", "/ops/console/a/b")) {
            assertThat(endpoint.get(path, TestEndpoint.MONITOR).statusCode()).as(path).isIn(400, 404);
        }
    }

    @Test
    void consoleOpensNothingElse() throws Exception {
        assertThat(endpoint.get("/ops/console?x=1", null).statusCode()).isEqualTo(400);
        assertThat(endpoint.send("POST", "/ops/console", null, "{}").statusCode()).isEqualTo(401);
        HttpResponse<String> slash = endpoint.get("/ops/console/", null);
        assertThat(slash.statusCode()).isEqualTo(308); // its relative links need the page at /ops/console
        assertThat(slash.headers().firstValue("Location")).hasValue("../console");
        for (String path : List.of("/ops/info", "/ops/threads", "/ops", "/ops/consoles", "/ops/console/app.js/x")) {
            assertThat(endpoint.get(path, null).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void aWrongTokenOnThePageIsStill401() throws Exception {
        assertThat(endpoint.get("/ops/console", "wrong-token-0123456789abcdef").statusCode()).isEqualTo(401);
        assertThat(endpoint.get("/ops/console", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
    }
}
