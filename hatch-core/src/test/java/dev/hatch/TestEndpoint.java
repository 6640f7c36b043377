package dev.hatch;

import dev.hatch.internal.security.TokenSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The test kit: a real endpoint on port 0 with one token per scope set, and a real HTTP client.
 * Private directories under a temporary folder; {@link #close()} stops everything and fails the
 * test if a dump file was left behind.
 */
public final class TestEndpoint implements AutoCloseable {
    /** Tokens (plain) for the principals the kit configures. */
    public static final String MONITOR = "monitor-token-0123456789abcdef";
    public static final String DUMP = "dump-token-0123456789abcdef";
    public static final String OPERATE = "operate-token-0123456789abcdef";
    public static final String ADMIN = "admin-token-0123456789abcdef";
    public static final String REPL = "repl-token-0123456789abcdef";
    public static final String ALL = "all-token-0123456789abcdef";

    private final Hatch hatch;
    private final Path dir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestEndpoint(Hatch hatch, Path dir) {
        this.hatch = hatch;
        this.dir = dir;
    }

    /** Starts an endpoint with the kit's tokens; the customizer may add more configuration. */
    public static TestEndpoint start(Consumer<Hatch.Builder> customizer) throws IOException {
        Path dir = Files.createTempDirectory("hatch-test");
        Hatch.Builder b = kit(Hatch.builder().port(0), dir);
        customizer.accept(b);
        return new TestEndpoint(b.start(), dir);
    }

    /**
     * The kit's configuration on a builder: one token per scope set (the plain tokens are the
     * constants here), the audit file and dump directory in {@code dir}, relaxed admission. The
     * in-memory kit and the servlet tests build their endpoints with it too.
     */
    public static Hatch.Builder kit(Hatch.Builder b, Path dir) {
        return b.auditFile(dir.resolve("audit.jsonl"))
                .dumpDirectory(dir.resolve("dumps"))
                .token("monitor", spec(MONITOR), Scope.MONITOR)
                .token("dump", spec(DUMP), Scope.DUMP)
                .token("operate", spec(OPERATE), Scope.OPERATE)
                .token("admin", spec(ADMIN), Scope.ADMIN)
                .token("repl", spec(REPL), Scope.REPL)
                .token("all", spec(ALL), Scope.values())
                .limits(TestEndpoint::relaxAdmission);
    }

    /** Lists stored dumps ({@code GET /ops/heapdumps}'s body) for {@link #deleteStoredDumps}. */
    public interface DumpList {
        String json() throws Exception;
    }

    /** Deletes one stored dump by id for {@link #deleteStoredDumps}. */
    public interface DumpDelete {
        void delete(String id) throws Exception;
    }

    /**
     * Deletes the stored dumps once none is running (at most 60 s): stored dumps outlive their
     * endpoint, so a test that stores one on purpose removes it through the API.
     */
    @SuppressWarnings("unchecked")
    public static void deleteStoredDumps(DumpList list, DumpDelete delete) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> dumps = (List<Map<String, Object>>) JsonTree.parse(list.json()).get("dumps");
            if (dumps.stream().noneMatch(d -> "running".equals(d.get("state")))) {
                for (Map<String, Object> d : dumps) {
                    delete.delete((String) d.get("id"));
                }
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Per-address rates and lockout out of reach: suites fire hundreds of requests, many with
     * wrong tokens, from 127.0.0.1 in a few seconds. Admission tests set them back to the
     * defaults or tighter.
     */
    public static void relaxAdmission(Limits.Builder l) {
        l.rate(100_000, 100_000).anonymousRate(100_000, 100_000).lockout(1_000_000, Duration.ofSeconds(1), Duration.ofMinutes(15));
    }

    /** Starts an endpoint with the kit's tokens only. */
    public static TestEndpoint start() throws IOException {
        return start(b -> { });
    }

    /** The {@code sha256:} spec of a plain token. */
    public static String spec(String token) {
        return "sha256:" + HexFormat.of().formatHex(TokenSpec.hash(token));
    }

    public Hatch hatch() {
        return hatch;
    }

    public Path directory() {
        return dir;
    }

    public HttpClient client() {
        return client;
    }

    /** The absolute URI of a path such as {@code /ops/threads}. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + hatch.port() + pathAndQuery);
    }

    /** A request builder for the path, with the token if not null. */
    public HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** GET with the token, body as a string. */
    public HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        return checked(client.send(request(pathAndQuery, token).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Every JSON answer a test sees has been read by an independent parser (strict Jackson). */
    private static HttpResponse<String> checked(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if ((type.startsWith("application/json") || type.startsWith("application/problem+json")) && !r.body().isEmpty()) {
            JsonTree.value(r.body());
        }
        return r;
    }

    /** Sends a request with the given method and JSON body. */
    public HttpResponse<String> send(String method, String pathAndQuery, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(pathAndQuery, token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return checked(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * Files left in the dump directory once the server has had up to 10 s to finish: a client
     * holds the whole answer a moment before the handler's clean-up runs. 0 when all is gone.
     */
    public long dumpFilesLeft() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        long left;
        while ((left = dumpFiles()) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return left;
    }

    /** Files in the dump directory now, stored dumps ({@code stored/}) included. */
    public long dumpFiles() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (var s = Files.walk(hatch.dumpDirectory())) {
                return s.filter(Files::isRegularFile).count();
            } catch (java.io.UncheckedIOException e) {
                // a file vanished while the walk looked at it: the dumper is deleting; look again
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        hatch.close();
        long left = dumpFiles();
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (left != 0) {
            throw new AssertionError(left + " file(s) left in the dump directory");
        }
    }
}
