package dev.hatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.Hprof;
import dev.hatch.JsonTree;
import dev.hatch.TestPki;
import dev.hatch.TlsHello;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What users run, checked from outside: a shipped jar (the agent jar, or the core jar alone)
 * in a child JVM per JDK, serving HTTPS with mutual TLS. The unshaded classes the unit tests
 * use cannot show what relocation breaks (Jetty's precomputed string switches, service files,
 * resources, the log bridge); these checks run against the packaged artifact after
 * {@code package}.
 *
 * <p>The child JVMs run with TLS 1.0 and 1.1 re-enabled in their {@code java.security}, so
 * that only Hatch's own settings stand between a TLS 1.1 client and the endpoint; and with
 * {@code java.util.logging} showing the shaded Jetty's records at FINE, so that the log bridge
 * is seen working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ShippedJarChecks {
    static final String JDKS = "dev.hatch.agent.Jdk#all";
    private static final String SHADED_JETTY = "dev.hatch.internal.shaded.org.eclipse.jetty";
    private static final String GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String CHACHA = "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    private static final String CBC = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";

    @TempDir
    static Path dir;

    TestPki.Held ca;
    TestPki.Held oncall;
    TestPki.Held nobody;
    TestPki.Held stranger;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final List<ChildJvm> children = new ArrayList<>();

    /** One child JVM with the shipped jar, and where its endpoint is. */
    record Running(ChildJvm child, StatusLine status) {
    }

    /** Starts the child on the JDK with the given properties file and extra JVM options; does not wait. */
    abstract ChildJvm start(Jdk jdk, Path config, List<String> jvmOptions) throws Exception;

    /** A class of the child program, in the heap dump's notation ({@code a/b/C$D}). */
    abstract String programClass();

    @BeforeAll
    void startPrograms() throws Exception {
        ca = TestPki.ca("CN=Shipped Jar CA,O=Example");
        TestPki.Held server = TestPki.issue(ca, "CN=localhost", List.of("dns:localhost", "ip:127.0.0.1"));
        oncall = TestPki.issue(ca, "CN=oncall,O=Example", List.of());
        nobody = TestPki.issue(ca, "CN=nobody,O=Example", List.of());
        stranger = TestPki.issue(TestPki.ca("CN=Other CA,O=Example"), "CN=oncall,O=Example", List.of());
        Path[] serverPem = server.writePem(dir, "server");
        Files.setPosixFilePermissions(serverPem[1], PosixFilePermissions.fromString("rw-------"));
        Path caPem = dir.resolve("client-ca.pem");
        Files.writeString(caPem, ca.certificatePem());

        Path security = dir.resolve("legacy-tls.security");
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224,"
                + " 3DES_EDE_CBC, anon, NULL\n");
        Path logging = dir.resolve("logging.properties");
        Files.writeString(logging, String.join("\n",
                "handlers=java.util.logging.ConsoleHandler",
                ".level=INFO",
                "java.util.logging.ConsoleHandler.level=ALL",
                "java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter",
                "java.util.logging.SimpleFormatter.format=JUL %4$s %3$s %5$s%6$s%n",
                SHADED_JETTY + ".level=FINE", ""));
        List<String> jvmOptions = List.of("-Djava.security.properties=" + security, "-Djava.util.logging.config.file=" + logging);

        Map<String, ChildJvm> started = new LinkedHashMap<>();
        for (Jdk jdk : Jdk.list()) {
            if (!jdk.available()) {
                continue;
            }
            String name = getClass().getSimpleName() + "-" + jdk.name();
            Path config = TestConfig.write(dir, name,
                    "hatch.port=0",
                    "hatch.tls.cert=" + serverPem[0],
                    "hatch.tls.key=" + serverPem[1],
                    "hatch.tls.client-ca=" + caPem,
                    "hatch.tls.client-auth=want",
                    "hatch.mtls.principal.oncall-cert=CN=oncall,O=Example",
                    "hatch.mtls.principal.oncall-cert.scopes=monitor");
            ChildJvm child = start(jdk, config, jvmOptions);
            children.add(child);
            started.put(jdk.name(), child);
        }
        for (Map.Entry<String, ChildJvm> e : started.entrySet()) {
            ChildJvm child = e.getValue();
            running.put(e.getKey(), new Running(child.awaitReady(), child.awaitStatusLine()));
        }
    }

    @AfterAll
    void stopPrograms() {
        children.forEach(ChildJvm::close);
    }

    Running on(Jdk jdk) {
        jdk.assumeAvailable();
        Running r = running.get(jdk.name());
        assertThat(r).as("program on " + jdk).isNotNull();
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(1)
    void servesHttpsWithTheServerCertificate(Jdk jdk) throws Exception {
        StatusLine s = on(jdk).status();
        assertThat(s.url().getScheme()).isEqualTo("https");
        HttpResponse<String> r = TlsClients.get(TestPki.clientContext(ca, null), null, s.resolve("/ops/info"), TestConfig.MONITOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.sslSession()).hasValueSatisfying(ssl -> assertThat(ssl.getProtocol()).isEqualTo("TLSv1.3"));
        assertThat(((Number) JsonTree.parse(r.body()).get("pid")).longValue()).isEqualTo(on(jdk).child().pid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(2)
    void clientCertificateMappedToAPrincipalIsServed(Jdk jdk) throws Exception {
        StatusLine s = on(jdk).status();
        HttpResponse<String> r = TlsClients.get(TestPki.clientContext(ca, oncall), null, s.resolve("/ops/info"), null);
        assertThat(r.statusCode()).as("a client certificate mapped to a principal, no token: %s", r.body()).isEqualTo(200);
        // the principal's scopes, not more
        assertThat(TlsClients.get(TestPki.clientContext(ca, oncall), null, s.resolve("/ops/heapdump"), null).statusCode()).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(3)
    void noOrUnknownCertificateIs401(Jdk jdk) throws Exception {
        StatusLine s = on(jdk).status();
        assertThat(TlsClients.get(TestPki.clientContext(ca, null), null, s.resolve("/ops/info"), null).statusCode()).isEqualTo(401);
        assertThat(TlsClients.get(TestPki.clientContext(ca, nobody), null, s.resolve("/ops/info"), null).statusCode())
                .as("a certificate from the client CA that maps to no principal").isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(4)
    void wrongBearerTokenIsNotRescuedByAValidCertificate(Jdk jdk) throws Exception {
        StatusLine s = on(jdk).status();
        HttpResponse<String> r = TlsClients.get(TestPki.clientContext(ca, oncall), null, s.resolve("/ops/info"), "wrong-token-123");
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(5)
    void sameSubjectFromAnotherCaGetsNothing(Jdk jdk) throws Exception {
        StatusLine s = on(jdk).status();
        SSLContext impostor = TlsClients.presentingAnyway(ca, stranger);
        try {
            HttpResponse<String> r = TlsClients.get(impostor, null, s.resolve("/ops/info"), null);
            assertThat(r.statusCode()).as("want mode: CN=oncall,O=Example from another CA").isEqualTo(401);
        } catch (IOException handshakeRefused) {
            // the server refused the certificate in the handshake: also nothing
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(6)
    void tls12OffersAeadSuitesOnly(Jdk jdk) throws Exception {
        StatusLine s = on(jdk).status();
        SSLContext ctx = TestPki.clientContext(ca, null);
        for (String suite : List.of(GCM, CHACHA)) {
            HttpResponse<String> r = TlsClients.get(ctx, TlsClients.tls12With(ctx, suite), s.resolve("/ops/info"), TestConfig.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession()).hasValueSatisfying(ssl -> assertThat(ssl.getCipherSuite()).isEqualTo(suite));
        }
        assertThatThrownBy(() -> TlsClients.get(ctx, TlsClients.tls12With(ctx, CBC), s.resolve("/ops/info"), TestConfig.MONITOR))
                .as("a TLS 1.2 client offering only %s", CBC).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(7)
    void tls11HelloIsRefusedByTheServerItself(Jdk jdk) {
        // The child's JVM allows TLS 1.1 (see the class comment): the refusal is Hatch's.
        assertThat(TlsHello.tls11(on(jdk).status().port())).isIn(TlsHello.Answer.ALERT, TlsHello.Answer.CLOSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(8)
    void jettysOwnRefusalsAreProblemsWithTheSecurityHeaders(Jdk jdk) throws Exception {
        int port = on(jdk).status().port();
        SSLContext ctx = TestPki.clientContext(ca, null);
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("GET /ops/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414);
        cases.put("GET /ops HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(100_000) + "\r\n\r\n", 431);
        cases.put("GET /ops HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n", 400);
        cases.put("GET /ops HTTP/1.7\r\nHost: localhost\r\nAccept: image/png\r\n\r\n", 505);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            TlsClients.RawResponse r = TlsClients.raw(ctx, port, c.getKey().getBytes(StandardCharsets.ISO_8859_1));
            String what = c.getKey().substring(0, Math.min(40, c.getKey().length())) + " -> " + r;
            assertThat(r.status()).as(what).isEqualTo(c.getValue());
            assertThat(r.header("Content-Type")).as(what).isEqualTo("application/problem+json");
            assertThat(r.header("Cache-Control")).as(what).isEqualTo("no-store");
            assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).as(what).isEqualTo("DENY");
            assertThat(r.header("Content-Security-Policy")).as(what).isEqualTo("default-src 'none'; frame-ancestors 'none'");
            assertThat(r.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
            assertThat(r.header("Server")).as(what).isNull();
            Map<String, Object> problem = JsonTree.parse(r.body());
            assertThat(((Number) problem.get("status")).intValue()).as(what).isEqualTo(c.getValue());
            assertThat((String) problem.get("correlationId")).as(what).matches("[0-9a-f]{16}");
            assertThat((String) problem.get("detail")).as(what).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(9)
    void heapDumpIsStreamedAsAValidHprof(Jdk jdk) throws Exception {
        // The dump file goes through the transport's own file path (a direct buffer, then Jetty's
        // TLS); the client must get a whole, parsable HPROF of exactly the size announced.
        StatusLine s = on(jdk).status();
        HttpResponse<InputStream> res = TlsClients.send(TestPki.clientContext(ca, null), null, s.resolve("/ops/heapdump"),
                TestConfig.DUMP, HttpResponse.BodyHandlers.ofInputStream());
        long announced = res.headers().firstValueAsLong("X-Hatch-Dump-Bytes").orElse(-1);
        Hprof.Summary hprof;
        try (InputStream body = res.body()) {
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            hprof = Hprof.read(body); // reads to the end: every record, whole
        }
        assertThat(announced).isPositive();
        assertThat(res.headers().firstValueAsLong("Content-Length")).hasValue(announced);
        assertThat(hprof.bytes()).as("bytes received in whole records").isEqualTo(announced);
        assertThat(hprof.count(Hprof.HEAP_DUMP) + hprof.count(Hprof.HEAP_DUMP_SEGMENT)).isPositive();
        assertThat(hprof.count(Hprof.LOAD_CLASS)).isPositive();
        assertThat(hprof.hasString(programClass())).as("the program's own class is in the dump").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(10)
    void consoleAndItsFilesAreServedFromTheJar(Jdk jdk) throws Exception {
        StatusLine s = on(jdk).status();
        SSLContext ctx = TestPki.clientContext(ca, null);
        Map<String, String> files = Map.of("/ops/console", "text/html; charset=utf-8",
                "/ops/console/app.js", "text/javascript; charset=utf-8",
                "/ops/console/app.css", "text/css; charset=utf-8");
        for (Map.Entry<String, String> f : files.entrySet()) {
            HttpResponse<String> r = TlsClients.get(ctx, null, s.resolve(f.getKey()), null);
            assertThat(r.statusCode()).as(f.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(f.getKey()).hasValue(f.getValue());
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(f.getKey()).hasValue("nosniff");
            String resource = f.getKey().equals("/ops/console") ? "index.html" : f.getKey().substring("/ops/console/".length());
            try (InputStream in = dev.hatch.internal.console.ConsoleRoutes.class.getResourceAsStream(resource)) {
                assertThat(in).as(resource + " in the jar").isNotNull();
                String file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (resource.equals("index.html")) {
                    // The page is the file with the sign-in facts written in: the service's name and the token's sources.
                    String pattern = java.util.Arrays.stream(file.split("%SERVICE%|%TOKEN_SOURCES%", -1))
                            .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining("[^%]*?"));
                    assertThat(file).contains("%SERVICE%", "%TOKEN_SOURCES%");
                    assertThat(r.body()).as(f.getKey()).matches(java.util.regex.Pattern.compile(pattern, java.util.regex.Pattern.DOTALL))
                            .contains("Hatch maintenance console of ", "id=\"token-configured\"").doesNotContain("%SERVICE%");
                } else {
                    assertThat(r.body()).as(f.getKey()).isEqualTo(file);
                }
            }
        }
    }

    /**
     * Refusals of every kind, then the program's standard error: the shaded Jetty's records
     * reach {@code java.util.logging} through the bridge (its start at FINE), and not one
     * refusal logged anything at INFO or above.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(JDKS)
    @Order(100)
    void refusalsNeverLogAndJettyLogsThroughTheBridge(Jdk jdk) throws Exception {
        Running r = on(jdk);
        StatusLine s = r.status();
        int before = r.child().stderr().size();
        SSLContext noCert = TestPki.clientContext(ca, null);
        TlsClients.get(noCert, null, s.resolve("/ops/info"), null);
        TlsClients.get(noCert, null, s.resolve("/ops/info"), "wrong-token-123");
        TlsClients.raw(noCert, s.port(), "GET /ops HTTP/1.1\r\nBad Header Line\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        TlsClients.raw(noCert, s.port(), ("GET /ops HTTP/1.1\r\nX: " + "x".repeat(100_000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        TlsHello.tls11(s.port());
        try {
            TlsClients.get(noCert, TlsClients.tls12With(noCert, CBC), s.resolve("/ops/info"), null);
        } catch (IOException expected) {
            // refused in the handshake
        }
        try {
            TlsClients.get(TlsClients.presentingAnyway(ca, stranger), null, s.resolve("/ops/info"), null);
        } catch (IOException expected) {
            // refused in the handshake
        }
        try (java.net.Socket plain = new java.net.Socket("127.0.0.1", s.port())) {
            plain.getOutputStream().write("GET /ops HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            plain.setSoTimeout(30_000);
            while (plain.getInputStream().read() >= 0) {
                // plain HTTP on the TLS port: read until the server closes
            }
        } catch (IOException closed) {
            // reset: also closed
        }
        // A last request that succeeds: everything before it has been handled and would have logged by now.
        assertThat(TlsClients.get(noCert, null, s.resolve("/ops/info"), TestConfig.MONITOR).statusCode()).isEqualTo(200);

        List<String> stderr = r.child().stderr();
        assertThat(stderr).as("the shaded Jetty's start, through the bridge at FINE")
                .anyMatch(l -> l.startsWith("JUL FINE " + SHADED_JETTY + "."));
        assertThat(stderr).as("Jetty's records all below INFO").filteredOn(l -> l.contains(" " + SHADED_JETTY + "."))
                .allMatch(ShippedJarChecks::belowInfo, "is below INFO");
        assertThat(stderr.subList(before, stderr.size())).as("what the refusals logged: nothing at INFO or above, no stack trace")
                .allMatch(ShippedJarChecks::belowInfo, "is a record below INFO");
        assertThat(stderr).as("SLF4J found its (relocated) provider").noneMatch(l -> l.contains("SLF4J"));
    }

    private static boolean belowInfo(String line) {
        return line.startsWith("JUL FINE ") || line.startsWith("JUL FINER ") || line.startsWith("JUL FINEST ");
    }
}
