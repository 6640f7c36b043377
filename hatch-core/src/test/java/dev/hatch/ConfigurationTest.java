package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration fails fast with the key's name; the defaults are the secure ones. */
class ConfigurationTest {
    @TempDir
    Path dir;

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static Properties withToken(String... keyValues) {
        Properties p = props(keyValues);
        p.setProperty("hatch.token.ops", TestEndpoint.spec(TestEndpoint.ALL));
        p.setProperty("hatch.token.ops.scopes", "monitor");
        return p;
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() {
        assertThatThrownBy(() -> Hatch.builder().properties(withToken("hatch.repl.enable", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'hatch.repl.enable'")
                .hasMessageContaining("did you mean 'hatch.repl.enabled'");
    }

    @Test
    void keysOutsideTheHatchPrefixAreIgnored() {
        assertThatCode(() -> Hatch.builder().properties(withToken("server.port", "8080", "spring.application.name", "x")))
                .doesNotThrowAnyException();
        // the same name under Hatch's prefix is a key Hatch does not know: refused, naming it
        assertThatThrownBy(() -> Hatch.builder().properties(withToken("hatch.server.port", "8080")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'hatch.server.port'");
    }

    @Test
    void malformedValuesNameTheKey() {
        assertThatThrownBy(() -> Hatch.builder().properties(withToken("hatch.port", "ninety")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.port").hasMessageContaining("ninety");
        assertThatThrownBy(() -> Hatch.builder().properties(withToken("hatch.port", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.port");
        assertThatThrownBy(() -> Hatch.builder().properties(withToken("hatch.repl.enabled", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.repl.enabled");
        assertThatThrownBy(() -> Hatch.builder().properties(withToken("hatch.limits.idle-timeout", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.limits.idle-timeout");
        assertThatThrownBy(() -> Hatch.builder().properties(withToken("hatch.public", "heapdump")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.public");
    }

    @Test
    void tokenNeedsScopes() {
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.token.ops", TestEndpoint.spec("x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.token.ops.scopes");
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.token.ops", TestEndpoint.spec("x"),
                "hatch.token.ops.scopes", "monitor,root")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.token.ops.scopes").hasMessageContaining("root");
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.token.ops.scopes", "monitor")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.token.ops");
    }

    @Test
    void plainTokensAreRefusedWithoutEchoingThem() {
        String secret = "my-plain-secret-token-123456";
        assertThatThrownBy(() -> Hatch.builder().port(0).auditFile(dir.resolve("a")).dumpDirectory(dir.resolve("d"))
                .token("ops", secret, Scope.MONITOR).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hatch.token.ops")
                .hasMessageNotContaining(secret);
    }

    @Test
    void tokenAndCertificateKeysNameOneDotlessNameAndPairWithTheirScopes() {
        String spec = TestEndpoint.spec(TestEndpoint.ALL);
        var settings = Hatch.builder().properties(props("hatch.token.b", spec, "hatch.token.b.scopes", "dump,monitor",
                "hatch.token.scopes", spec, "hatch.token.scopes.scopes", "monitor")).settings();
        assertThat(settings.tokens.keySet()).containsExactly("b", "scopes");
        assertThat(settings.tokens.get("b").scopes()).containsExactlyInAnyOrder(Scope.DUMP, Scope.MONITOR);
        assertThat(settings.tokens.get("scopes").scopes()).containsExactly(Scope.MONITOR);
        // a name with a dot, an empty name, a trigger without one: none is a key Hatch knows
        for (String key : List.of("hatch.token.a.b", "hatch.token..scopes", "hatch.token.", "hatch.trigger.",
                "hatch.trigger.a.b", "hatch.mtls.principal.x.y.scopes")) {
            assertThatThrownBy(() -> Hatch.builder().properties(withToken(key, "monitor")))
                    .as(key).isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key '" + key + "'");
        }
        for (String bad : List.of("", "a b", "x".repeat(65), "caf\u00e9", "a.b", "a/b")) {
            assertThatThrownBy(() -> Hatch.builder().token(bad, spec, Scope.MONITOR)).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("must be 1-64 letters, digits");
        }
        assertThatCode(() -> Hatch.builder().token("A-z_0-9" + "x".repeat(57), spec, Scope.MONITOR)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.token.x", spec)))
                .hasMessageContaining("hatch.token.x.scopes is missing");
        assertThatThrownBy(() -> Hatch.builder().properties(props("hatch.mtls.principal.x.scopes", "monitor")))
                .hasMessageContaining("hatch.mtls.principal.x (the certificate subject or SAN) is missing");
    }

    @Test
    void tokenSpecsAreValidated() {
        assertThatThrownBy(() -> start("sha256:" + "a".repeat(63) + "g")).hasMessageContaining("64 hex");
        assertThatThrownBy(() -> start("sha256:" + "a".repeat(65))).hasMessageContaining("64 hex");
        assertThatThrownBy(() -> start("sha256:abc")).hasMessageContaining("64 hex");
        assertThatThrownBy(() -> start("env:HATCH_SURELY_UNSET_VARIABLE")).hasMessageContaining("HATCH_SURELY_UNSET_VARIABLE");
        assertThatThrownBy(() -> start("file:" + dir.resolve("missing"))).hasMessageContaining("cannot be read");
    }

    @Test
    void shortTokensInFilesAreRefused() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "short\n");
        assertThatThrownBy(() -> start("file:" + file)).hasMessageContaining("shorter than 16");
    }

    @Test
    void tokenFromFileWorks() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "file-token-0123456789abcdef\n");
        try (Hatch h = start("file:" + file)) {
            var client = java.net.http.HttpClient.newHttpClient();
            var req = java.net.http.HttpRequest.newBuilder(h.url().resolve("/ops/info"))
                    .header("Authorization", "Bearer file-token-0123456789abcdef").build();
            assertThat(client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private Hatch start(String spec) {
        return Hatch.builder().port(0).auditFile(dir.resolve("audit.jsonl")).dumpDirectory(dir.resolve("dumps"))
                .token("ops", spec, Scope.MONITOR).start();
    }

    @Test
    void nonLoopbackHostWithoutTlsRefusesToStart() {
        assertThatThrownBy(() -> Hatch.builder().host("0.0.0.0").port(0).token("ops", TestEndpoint.spec("x"), Scope.MONITOR).start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("hatch.host").hasMessageContaining("TLS");
    }

    @Test
    void defaultsAreLoopbackAndReplOff() throws Exception {
        try (Hatch h = Hatch.builder().port(0).auditFile(dir.resolve("a.jsonl")).dumpDirectory(dir.resolve("d"))
                .token("ops", TestEndpoint.spec(TestEndpoint.ALL), Scope.MONITOR).start()) {
            assertThat(h.host()).isEqualTo("127.0.0.1");
            assertThat(h.url().toString()).isEqualTo("http://127.0.0.1:" + h.port() + "/ops");
            assertThat(h.generatedTokenFile()).isEmpty();
        }
    }

    @Test
    void takenPortFailsWithAClearMessageAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Hatch.builder().port(taken.getLocalPort()).auditFile(dir.resolve("a.jsonl"))
                    .dumpDirectory(dir.resolve("d")).token("ops", TestEndpoint.spec(TestEndpoint.ALL), Scope.MONITOR).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            // Other tests' endpoints may run in this JVM: poll until no server thread is left, and
            // fail only if one stays for 10 s.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("hatch-http") && t.isAlive())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("hatch-http") && t.isAlive());
        }
    }

    @Test
    void withoutTokensATokenIsGeneratedIntoAPrivateFile() throws Exception {
        Path file;
        try (Hatch h = Hatch.builder().port(0).auditFile(dir.resolve("a.jsonl")).dumpDirectory(dir.resolve("d")).start()) {
            file = h.generatedTokenFile().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
            String token = Files.readString(file).trim();
            assertThat(token).hasSizeGreaterThanOrEqualTo(43);
            var client = java.net.http.HttpClient.newHttpClient();
            var anon = java.net.http.HttpRequest.newBuilder(h.url()).build();
            assertThat(client.send(anon, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            var req = java.net.http.HttpRequest.newBuilder(h.url()).header("Authorization", "Bearer " + token).build();
            var r = client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"principal\":\"generated\"").contains("\"admin\"", "\"dump\"", "\"monitor\"", "\"operate\"")
                    .doesNotContain("\"repl\"");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void propertiesFileIsReadAndMissingFileIsNamed() throws Exception {
        Path file = dir.resolve("hatch.properties");
        Files.writeString(file, "hatch.port=0\nhatch.token.ops=" + TestEndpoint.spec(TestEndpoint.ALL)
                + "\nhatch.token.ops.scopes=monitor, dump\nhatch.audit.file=" + dir.resolve("a.jsonl")
                + "\nhatch.dump.dir=" + dir.resolve("d") + "\nhatch.limits.idle-timeout=10s\n");
        try (Hatch h = Hatch.builder().properties(file).start()) {
            assertThat(h.port()).isPositive();
            assertThat(h.auditFile()).isEqualTo(dir.resolve("a.jsonl").toAbsolutePath());
        }
        assertThatThrownBy(() -> Hatch.builder().properties(dir.resolve("nope.properties")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties");
    }
}
