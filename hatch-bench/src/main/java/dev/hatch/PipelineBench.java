package dev.hatch;

import dev.hatch.bench.CountingSink;
import dev.hatch.internal.endpoint.Endpoint;
import dev.hatch.internal.http.Pipeline;
import dev.hatch.internal.security.TokenSpec;
import dev.hatch.spi.HatchRequest;
import dev.hatch.spi.HatchResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request through the whole pipeline (admission, authentication, route, scope, audit,
 * handler, the response written), without a transport: what a refusal costs against the
 * cheapest answer, {@code GET /ops/health} with no health checks. Issue 17's target is a refusal
 * at most 0.9 of an answer. The rates and the lockout are out of reach, so that every refusal
 * here is the 401 a flood gets before any limit; the audit is real (a file in a temporary
 * directory), with the refusal summaries of the defaults.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBench {
    private static final String TOKEN = "bench-token-0123456789abcdef";

    private Path dir;
    private Endpoint endpoint;
    private Pipeline pipeline;
    private Path limitedDir;
    private Endpoint limited;
    private Pipeline limitedPipeline;
    private final Request noToken = new Request(null);
    private final Request wrongToken = new Request("Bearer wrong-token-0123456789abcdef");
    private final Request goodToken = new Request("Bearer " + TOKEN);

    /**
     * Builds an endpoint without a server, and checks that each request gets the status it is
     * meant to. A new one for each iteration: a million wrong tokens would lock the address out.
     */
    @Setup(Level.Iteration)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("hatch-bench-pipeline");
        Hatch.Builder b = Hatch.builder()
                .auditFile(dir.resolve("audit.jsonl"))
                .dumpDirectory(dir.resolve("dumps"))
                .token("monitor", "sha256:" + HexFormat.of().formatHex(TokenSpec.hash(TOKEN)), dev.hatch.Scope.MONITOR)
                .leakDetection(false)
                .limits(l -> l.rate(1_000_000, 1_000_000).anonymousRate(1_000_000, 1_000_000)
                        .lockout(1_000_000, Duration.ofSeconds(1), Duration.ofMinutes(15)));
        endpoint = Endpoint.create(b.settings(), false);
        pipeline = endpoint.pipeline();
        expect(noToken, 401);
        expect(wrongToken, 401);
        expect(goodToken, 200);
        // A second endpoint whose anonymous rate (1 a second) the first request spends: what a
        // flood gets once over the limit, 429 before authentication.
        limitedDir = Files.createTempDirectory("hatch-bench-limited");
        limited = Endpoint.create(Hatch.builder()
                .auditFile(limitedDir.resolve("audit.jsonl"))
                .dumpDirectory(limitedDir.resolve("dumps"))
                .token("monitor", "sha256:" + HexFormat.of().formatHex(TokenSpec.hash(TOKEN)), dev.hatch.Scope.MONITOR)
                .leakDetection(false)
                .limits(l -> l.anonymousRate(1, 1).lockout(1_000_000, Duration.ofSeconds(1), Duration.ofMinutes(15)))
                .settings(), false);
        limitedPipeline = limited.pipeline();
        Response first = new Response();
        limitedPipeline.handle(noToken, first);
        Response second = new Response();
        limitedPipeline.handle(noToken, second);
        if (second.status != 429) {
            throw new IllegalStateException("over the anonymous rate got " + second.status + ", not 429");
        }
    }

    private void expect(Request r, int status) {
        Response res = new Response();
        pipeline.handle(r, res);
        if (res.status != status) {
            throw new IllegalStateException(r.authorization + " got " + res.status + ", not " + status);
        }
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        endpoint.close();
        limited.close();
        for (Path d : new Path[] {dir, limitedDir}) {
            try (var files = Files.walk(d)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A request without a token from an address over the anonymous rate: 429, before authentication. */
    @Benchmark
    public int refusedRateLimited() {
        Response res = new Response();
        limitedPipeline.handle(noToken, res);
        return res.status;
    }

    /** A request without a token: 401. */
    @Benchmark
    public int refusedWithoutToken() {
        Response res = new Response();
        pipeline.handle(noToken, res);
        return res.status;
    }

    /** A request with a wrong token: 401 after the constant-time comparison with every hash. */
    @Benchmark
    public int refusedWrongToken() {
        Response res = new Response();
        pipeline.handle(wrongToken, res);
        return res.status;
    }

    /** The cheapest answer: {@code GET /ops/health} with a right token, audited. */
    @Benchmark
    public int answeredHealth() {
        Response res = new Response();
        pipeline.handle(goodToken, res);
        return res.status;
    }

    /** {@code GET /ops/health} from 127.0.0.1 with the given {@code Authorization} header. */
    private static final class Request implements HatchRequest {
        final String authorization;

        Request(String authorization) {
            this.authorization = authorization;
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/ops/health";
        }

        @Override
        public String rawQuery() {
            return null;
        }

        @Override
        public String header(String name) {
            return name.equalsIgnoreCase("Authorization") ? authorization : null;
        }

        @Override
        public int headerCount(String name) {
            return header(name) == null ? 0 : 1;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }

        @Override
        public long contentLength() {
            return 0;
        }

        @Override
        public InputStream body() {
            return InputStream.nullInputStream();
        }
    }

    /** A response whose body is counted and dropped, as a socket would take it. */
    private static final class Response implements HatchResponse {
        int status = 200;
        boolean committed;

        @Override
        public void status(int code) {
            status = code;
        }

        @Override
        public void header(String name, String value) {
            // headers are set on the transport's response; nothing to keep here
        }

        @Override
        public OutputStream body() {
            committed = true;
            return new CountingSink();
        }

        @Override
        public boolean committed() {
            return committed;
        }
    }
}
