package dev.hatch;

import dev.hatch.internal.endpoint.Endpoint;
import dev.hatch.internal.http.Route;
import dev.hatch.internal.http.Router;
import dev.hatch.internal.security.TokenSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Matching one request against the routes a real endpoint registers (every capability, as
 * {@code Endpoint} wires them). In package {@code dev.hatch} to build an endpoint without a
 * server; it is closed again before measuring, only its route list is kept.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingBench {
    /** What each request must match: a route name, or {@code 404}. */
    private static final Map<String, String> EXPECTED = Map.of(
            "GET /ops/threads", "threads",
            "DELETE /ops/heapdumps/20260124-101500-1.hprof.gz", "template",
            "GET /ops/no/such/route", "404");

    /** A plain route, a template route with a path parameter, and a path no route has (404 after every route). */
    @Param({"GET /ops/threads", "DELETE /ops/heapdumps/20260124-101500-1.hprof.gz", "GET /ops/no/such/route"})
    public String request;

    private Router router;
    private String method;
    private String path;

    /** Collects the endpoint's routes and checks that the request matches what it should. */
    @Setup
    public void setUp() throws IOException {
        List<Route> routes = endpointRoutes();
        router = new Router(routes);
        int space = request.indexOf(' ');
        method = request.substring(0, space);
        path = request.substring(space + 1);
        Router.Match m = router.match(method, path);
        String expected = EXPECTED.get(request);
        boolean ok = switch (expected) {
            case "404" -> m.route() == null && !m.methodNotAllowed();
            case "template" -> m.route() != null && m.route().template().equals("/ops/heapdumps/{id}")
                    && m.route().method().equals("DELETE") && path.endsWith(m.params().get("id"));
            default -> m.route() != null && m.route().name().equals(expected);
        };
        if (!ok) {
            throw new IllegalStateException(request + " matched " + m + " among " + routes.size() + " routes; expected " + expected);
        }
    }

    static List<Route> endpointRoutes() throws IOException {
        Path dir = Files.createTempDirectory("hatch-bench");
        String spec = "sha256:" + HexFormat.of().formatHex(TokenSpec.hash("bench-token-0123456789abcdef"));
        Hatch.Builder b = Hatch.builder()
                .auditFile(dir.resolve("audit.jsonl"))
                .dumpDirectory(dir.resolve("dumps"))
                .token("all", spec, dev.hatch.Scope.values())
                .leakDetection(false);
        Endpoint endpoint = Endpoint.create(b.settings(), false);
        try {
            return List.copyOf(endpoint.pipeline().router().routes());
        } finally {
            endpoint.close();
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** One match: path split, then each route's template compared segment by segment until one fits. */
    @Benchmark
    public Router.Match match() {
        return router.match(method, path);
    }
}
