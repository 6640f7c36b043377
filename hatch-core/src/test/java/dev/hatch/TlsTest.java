package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS from PEM and PKCS#12, TLS 1.2+ only, mutual TLS with certificate principals; certificates made in code. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TlsTest {
    private TestPki.Held ca;
    private TestPki.Held server;
    private TestPki.Held oncall;
    private TestPki.Held robot;
    private TestPki.Held stranger;
    private Path[] serverPem;
    private Path caPem;

    @TempDir
    Path dir;

    @BeforeAll
    void makeCertificates(@TempDir Path pki) throws Exception {
        ca = TestPki.ca("CN=Hatch Test CA,O=Example");
        server = TestPki.issue(ca, "CN=localhost", List.of("dns:localhost", "ip:127.0.0.1"));
        oncall = TestPki.issue(ca, "CN=oncall,O=Example", List.of());
        robot = TestPki.issue(ca, "CN=robot", List.of("uri:spiffe://example/robot"));
        stranger = TestPki.issue(TestPki.ca("CN=Other CA"), "CN=oncall,O=Example", List.of());
        serverPem = server.writePem(pki, "server");
        caPem = pki.resolve("ca.pem");
        Files.writeString(caPem, ca.certificatePem());
    }

    @AfterAll
    void nothing() {
        // the temporary directories are removed by JUnit
    }

    private HttpResponse<String> get(Hatch hatch, SSLContext ctx, String path, String token) throws IOException, InterruptedException {
        return get(hatch, ctx, null, path, token);
    }

    private HttpResponse<String> get(Hatch hatch, SSLContext ctx, SSLParameters params, String path, String token)
            throws IOException, InterruptedException {
        HttpClient.Builder cb = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5));
        if (params != null) {
            cb.sslParameters(params);
        }
        HttpClient client = cb.build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hatch.port() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Hatch.Builder base() {
        return Hatch.builder().port(0).auditFile(dir.resolve("audit.jsonl")).dumpDirectory(dir.resolve("dumps"))
                .token("monitor", TestEndpoint.spec(TestEndpoint.MONITOR), Scope.MONITOR);
    }

    @Test
    void servesHttpsFromPemFiles() throws Exception {
        try (Hatch hatch = base().tls(t -> t.pem(serverPem[0], serverPem[1])).start()) {
            assertThat(hatch.url().toString()).startsWith("https://");
            HttpResponse<String> r = get(hatch, TestPki.clientContext(ca, null), "/ops/info", TestEndpoint.MONITOR);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
            assertThat(get(hatch, TestPki.clientContext(ca, null), "/ops/info", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void servesHttpsFromPkcs12WithPasswordFromAFile() throws Exception {
        Path p12 = server.writePkcs12(dir.resolve("server.p12"), "s3cret-pass".toCharArray(), ca.certificate());
        Path password = dir.resolve("p12.pass");
        Files.writeString(password, "s3cret-pass\n");
        Properties props = new Properties();
        props.setProperty("hatch.tls.keystore", p12.toString());
        props.setProperty("hatch.tls.keystore-password", "file:" + password);
        try (Hatch hatch = base().properties(props).start()) {
            assertThat(get(hatch, TestPki.clientContext(ca, null), "/ops/info", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void keystorePasswordIsNeverTakenPlain() {
        Properties props = new Properties();
        props.setProperty("hatch.tls.keystore", "/nonexistent.p12");
        props.setProperty("hatch.tls.keystore-password", "hunter2");
        assertThatThrownBy(() -> base().properties(props).start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("env:VARIABLE or file:/path").hasMessageNotContaining("hunter2");
    }

    /**
     * A TLS 1.1 ClientHello written by hand, against a server in a child JVM whose
     * {@code java.security} allows TLS 1.0 and 1.1 again: the JDK's own {@code disabledAlgorithms}
     * (which would refuse it on both sides here) is out of the way, so what refuses it is Hatch's
     * setting. The JDK's TLS client would not even send such a hello.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tls11IsRefusedByTheServersOwnSetting() throws Exception {
        Path security = dir.resolve("legacy-tls.security");
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224,"
                + " 3DES_EDE_CBC, anon, NULL\n");
        Path childDir = Files.createDirectories(dir.resolve("child"));
        try (ChildJvm child = ChildJvm.start(childDir, java.util.Map.of(), List.of("-Djava.security.properties=" + security),
                "tls=" + serverPem[0] + "|" + serverPem[1])) {
            assertThat(TlsHello.tls11(child.port())).isIn(TlsHello.Answer.ALERT, TlsHello.Answer.CLOSED);
        }
    }

    @Test
    void tls12OffersOnlyEcdheAeadSuites() throws Exception {
        try (Hatch hatch = base().tls(t -> t.pem(serverPem[0], serverPem[1])).start()) {
            SSLContext ctx = TestPki.clientContext(ca, null);
            for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")) {
                HttpResponse<String> r = get(hatch, ctx, tls12With(ctx, suite), "/ops/info", TestEndpoint.MONITOR);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getCipherSuite()).isEqualTo(suite));
            }
            for (String cbc : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")) {
                assertThatThrownBy(() -> get(hatch, ctx, tls12With(ctx, cbc), "/ops/info", TestEndpoint.MONITOR))
                        .as("a TLS 1.2 client offering only %s", cbc).isInstanceOf(IOException.class);
            }
        }
    }

    private static SSLParameters tls12With(SSLContext ctx, String suite) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(new String[] {"TLSv1.2"});
        p.setCipherSuites(new String[] {suite});
        return p;
    }

    @Test
    void silentClientIsClosedByTheHeadDeadlineBeforeAnyHandshake() throws Exception {
        try (Hatch hatch = base().tls(t -> t.pem(serverPem[0], serverPem[1])).limits(l -> l.headTimeout(Duration.ofMillis(500))).start();
             RawClient c = RawClient.connect("127.0.0.2", hatch.port())) {
            c.send(new byte[] {0x16, 0x03, 0x01}); // the start of a ClientHello, then nothing
            // Closed well before the idle timeout (30 s): the 500 ms head deadline did it.
            assertThat(c.closedByServer(10_000)).isTrue();
        }
    }

    @Test
    void nonLoopbackHostWithoutTlsRefusesToStartAndSaysWhy() {
        assertThatThrownBy(() -> base().host("0.0.0.0").start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs TLS").hasMessageContaining("hatch.tls.cert");
    }

    @Test
    void nonLoopbackHostWithTlsStarts() throws Exception {
        try (Hatch hatch = base().host("0.0.0.0").tls(t -> t.pem(serverPem[0], serverPem[1])).start()) {
            assertThat(get(hatch, TestPki.clientContext(ca, null), "/ops/info", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void keyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
        Path[] other = oncall.writePem(dir, "other");
        assertThatThrownBy(() -> base().tls(t -> t.pem(serverPem[0], other[1])).start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not belong to the first certificate");
    }

    @Test
    void clientCertificatesMapToPrincipalsByDnAndSan() throws Exception {
        try (Hatch hatch = base().tls(t -> t.pem(serverPem[0], serverPem[1]).clientCa(caPem).clientAuth(Tls.ClientAuth.WANT)
                .principal("oncall", "CN=oncall, O=Example", Scope.MONITOR, Scope.ADMIN)
                .principal("robot", "uri:spiffe://example/robot", Scope.MONITOR)).start()) {
            HttpResponse<String> byDn = get(hatch, TestPki.clientContext(ca, oncall), "/ops/audit?limit=1", null);
            assertThat(byDn.statusCode()).isEqualTo(200);
            assertThat(get(hatch, TestPki.clientContext(ca, robot), "/ops/info", null).statusCode()).isEqualTo(200);
            assertThat(get(hatch, TestPki.clientContext(ca, robot), "/ops/audit", null).statusCode()).isEqualTo(403);
            // want: no certificate, token still works; no certificate and no token: 401
            assertThat(get(hatch, TestPki.clientContext(ca, null), "/ops/info", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
            assertThat(get(hatch, TestPki.clientContext(ca, null), "/ops/info", null).statusCode()).isEqualTo(401);
            // A wrong bearer token is not rescued by a valid certificate: the header is judged on its own.
            assertThat(get(hatch, TestPki.clientContext(ca, oncall), "/ops/info", "wrong-token-0123456789abcdef").statusCode())
                    .isEqualTo(401);
            // Same subject, another CA: the JDK ends the handshake, and if it ever let one through,
            // no principal may come of it.
            int strangerStatus = -1;
            try {
                strangerStatus = get(hatch, TestPki.clientContext(ca, stranger), "/ops/info", null).statusCode();
            } catch (IOException refusedInTheHandshake) {
                strangerStatus = 401;
            }
            assertThat(strangerStatus).as("a certificate from another CA with the oncall subject").isEqualTo(401);
            String audit = Files.readString(hatch.auditFile());
            assertThat(audit).contains("\"principal\":\"oncall\"").contains("\"principal\":\"robot\"");
        }
    }

    @Test
    void requiredClientCertificateFromAnotherCaFailsTheHandshake() throws Exception {
        try (Hatch hatch = base().tls(t -> t.pem(serverPem[0], serverPem[1]).clientCa(caPem).clientAuth(Tls.ClientAuth.NEED)
                .principal("oncall", "CN=oncall,O=Example", Scope.MONITOR)).start()) {
            assertThat(get(hatch, TestPki.clientContext(ca, oncall), "/ops/info", null).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(hatch, TestPki.clientContext(ca, null), "/ops/info", TestEndpoint.MONITOR))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(hatch, TestPki.clientContext(ca, stranger), "/ops/info", null)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void mtlsPrincipalsComeFromProperties() throws Exception {
        Properties props = new Properties();
        props.setProperty("hatch.tls.cert", serverPem[0].toString());
        props.setProperty("hatch.tls.key", serverPem[1].toString());
        props.setProperty("hatch.tls.client-ca", caPem.toString());
        props.setProperty("hatch.tls.client-auth", "need");
        props.setProperty("hatch.mtls.principal.oncall", "CN=oncall,O=Example");
        props.setProperty("hatch.mtls.principal.oncall.scopes", "monitor");
        try (Hatch hatch = base().properties(props).start()) {
            assertThat(get(hatch, TestPki.clientContext(ca, oncall), "/ops/info", null).statusCode()).isEqualTo(200);
        }
        Properties missing = new Properties();
        missing.setProperty("hatch.mtls.principal.x", "CN=x");
        assertThatThrownBy(() -> base().properties(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hatch.mtls.principal.x.scopes is missing");
    }
}
