package dev.hatch.cli;

import dev.hatch.Hatch;
import dev.hatch.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.function.Consumer;

/** A real Hatch endpoint on port 0 in the test JVM, with one token per scope (like hatch-core's TestEndpoint). */
final class Endpoint implements AutoCloseable {
    static final String MONITOR = "monitor-token-0123456789abcdef";
    static final String DUMP = "dump-token-0123456789abcdef";
    static final String REPL = "repl-token-0123456789abcdef";
    static final String ALL = "all-token-0123456789abcdef";

    private final Hatch hatch;
    private final Path dir;

    private Endpoint(Hatch hatch, Path dir) {
        this.hatch = hatch;
        this.dir = dir;
    }

    static Endpoint start() throws IOException {
        return start(b -> { });
    }

    static Endpoint start(Consumer<Hatch.Builder> customizer) throws IOException {
        Path dir = Files.createTempDirectory("hatch-cli-test");
        Hatch.Builder b = Hatch.builder().port(0)
                .auditFile(dir.resolve("audit.jsonl"))
                .dumpDirectory(dir.resolve("dumps"))
                .token("monitor", spec(MONITOR), Scope.MONITOR)
                .token("dump", spec(DUMP), Scope.DUMP)
                .token("repl", spec(REPL), Scope.REPL)
                .token("all", spec(ALL), Scope.values())
                .healthCheck("database", () -> dev.hatch.HealthCheck.Result.up());
        customizer.accept(b);
        return new Endpoint(b.start(), dir);
    }

    /** The {@code sha256:} spec of a plain token. */
    static String spec(String token) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Hatch hatch() {
        return hatch;
    }

    /** The API base, e.g. {@code http://127.0.0.1:PORT/ops}. */
    String url() {
        return hatch.url().toString();
    }

    Path directory() {
        return dir;
    }

    /** Whether this build of Hatch serves a route, from the token's route index ({@code GET /ops}). */
    boolean hasRoute(String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url()))
                .header("Authorization", "Bearer " + ALL).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().contains("\"method\":\"" + method + "\",\"path\":\"" + path + "\"");
    }

    @Override
    public void close() throws IOException {
        hatch.close();
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
