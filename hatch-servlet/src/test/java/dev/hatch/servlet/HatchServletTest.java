package dev.hatch.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.JsonTree;
import dev.hatch.Hatch;
import dev.hatch.Hprof;
import dev.hatch.RouteTable;
import dev.hatch.TestEndpoint;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The servlet adapter inside a real embedded Jetty 12 (ee10): the application's own servlet
 * answers beside it, and Hatch's routes keep the standalone endpoint's security matrix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HatchServletTest {
    private Server server;
    private HatchServlet servlet;
    private Path dir;
    private int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("hatch-servlet");
        Hatch.Builder builder = TestEndpoint.kit(Hatch.builder(), dir).replEnabled(true);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        servlet = new HatchServlet(builder);
        context.addServlet(new ServletHolder(servlet), "/ops/*");
        context.addServlet(new ServletHolder(new jakarta.servlet.http.HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
                    throws java.io.IOException {
                resp.getWriter().write("business as usual");
            }
        }), "/orders");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    void stop() throws Exception {
        // The authorized POST /ops/heapdumps cell stored a dump on purpose; stored dumps outlive
        // the endpoint, so delete them through the API once they are no longer running.
        TestEndpoint.deleteStoredDumps(() -> send("GET", "/ops/heapdumps", TestEndpoint.ALL).body(),
                id -> send("DELETE", "/ops/heapdumps/" + id, TestEndpoint.ALL));
        server.stop();
        try (Stream<Path> files = Files.walk(dir.resolve("dumps"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The routes and scopes pinned in the core's test kit, not the servlet's own index. */
    Stream<Arguments> routes() {
        return RouteTable.ROUTES.stream().map(r -> Arguments.of(r.method(), r.sample("no-such-thing"), r.scope()));
    }

    @Test
    void theServletsIndexServesExactlyThePinnedRoutes() throws Exception {
        assertThat(RouteTable.fromIndex(send("GET", "/ops", TestEndpoint.ALL).body())).containsExactlyInAnyOrderElementsOf(RouteTable.ROUTES);
    }

    @ParameterizedTest(name = "{0} {1}: 401 without and with a wrong token, 403 without scope {2}, authorized with it")
    @MethodSource("routes")
    void securityMatrix(String method, String path, String scope) throws Exception {
        HttpResponse<String> none = send(method, path, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send(method, path, "wrong-token-0123456789abcdef").statusCode()).isEqualTo(401);
        if (scope != null) {
            String without = scope.equals("monitor") ? TestEndpoint.DUMP : TestEndpoint.MONITOR;
            HttpResponse<String> forbidden = send(method, path, without);
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        }
        String with = scope == null ? TestEndpoint.MONITOR : switch (scope) {
            case "monitor" -> TestEndpoint.MONITOR;
            case "dump" -> TestEndpoint.DUMP;
            case "operate" -> TestEndpoint.OPERATE;
            case "admin" -> TestEndpoint.ADMIN;
            default -> TestEndpoint.REPL;
        };
        String query = path.endsWith("/busiest") ? "?ms=10" : path.endsWith("/profile") ? "?seconds=1" : path.endsWith("/jfr") ? "?last=1" : "";
        assertThat(send(method, path + query, with).statusCode()).isNotIn(401, 403).isLessThan(500);
    }

    @Test
    void consoleIsServedThroughTheServlet() throws Exception {
        HttpResponse<String> page = send("GET", "/ops/console", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
        assertThat(page.body()).contains("src=\"console/app.js\"");
        assertThat(send("GET", "/ops/console/app.js", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/ops/console/nope.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathsUnderTheMountAre401Then404() throws Exception {
        assertThat(send("GET", "/ops/nope", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/ops/nope", TestEndpoint.MONITOR).statusCode()).isEqualTo(404);
    }

    @Test
    void responsesCarryOneImfFixdateDateAndRefusalsSuggestTheRoute() throws Exception {
        String imfFixdate = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT";
        for (String path : List.of("/ops/info", "/ops/heap-dumps")) {
            HttpResponse<String> r = send("GET", path, TestEndpoint.ALL);
            assertThat(r.headers().allValues("Date")).as(path).singleElement().satisfies(d -> assertThat(d).matches(imfFixdate));
        }
        assertThat(send("GET", "/ops/heap-dumps", TestEndpoint.ALL).body()).contains("did you mean GET /ops/heapdumps?");
        HttpResponse<String> form = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/loggers/x"))
                .header("Authorization", "Bearer " + TestEndpoint.ALL).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("level=DEBUG")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).as(form.body()).isEqualTo(415);
        assertThat(form.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theApplicationsOwnServletIsUntouched() throws Exception {
        HttpResponse<String> r = send("GET", "/orders", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("business as usual");
    }

    @Test
    void heapDumpStreamsThroughTheServlet() throws Exception {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/heapdump"))
                .header("Authorization", "Bearer " + TestEndpoint.DUMP).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        long length = r.headers().firstValueAsLong("Content-Length").orElseThrow();
        try (InputStream in = r.body()) {
            Hprof.Summary summary = Hprof.read(in);
            assertThat(summary.bytes()).isEqualTo(length);
            assertThat(summary.count(0x0C) + summary.count(0x1C)).isPositive();
        }
    }

    @Test
    void everyCallIsAudited() throws Exception {
        String id = JsonTree.parse(send("GET", "/ops/nope-audited", TestEndpoint.MONITOR).body()).get("correlationId").toString();
        // The record is written once the response is complete, so it may trail the response a little.
        long deadline = System.nanoTime() + 10_000_000_000L;
        String line = null;
        while (line == null && System.nanoTime() < deadline) {
            line = Files.readAllLines(servlet.hatch().auditFile()).stream().filter(l -> l.contains(id)).findFirst().orElse(null);
            Thread.sleep(20);
        }
        assertThat(line).contains("\"path\":\"/ops/nope-audited\"").contains("\"principal\":\"monitor\"").contains("\"status\":404");
    }
}
