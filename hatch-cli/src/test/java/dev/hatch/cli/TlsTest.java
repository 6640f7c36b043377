package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of TLS against a real TLS server that demands a client certificate (the
 * JDK's HttpsServer, test code only), with certificates made by keytool for this run.
 */
class TlsTest {
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static HttpsServer server;
    private static final List<String> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir);
        SSLContext ctx = certs.serverContext();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/ops/health", ex -> {
            SSLSession session = ((com.sun.net.httpserver.HttpsExchange) ex).getSSLSession();
            clients.add(session.getPeerPrincipal().getName());
            byte[] b = "{\"status\":\"UP\",\"checks\":{}}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run hatch(String url, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--url", url, "--timeout", "10s"));
        all.addAll(List.of(args));
        all.add("status");
        int code = Main.run(all.toArray(new String[0]), Map.of("HATCH_TOKEN", "t-0123456789abcdef"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String https() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/ops";
    }

    @Test
    void mutualTlsWithTheCaAndAClientCertificateWorks() {
        Run r = hatch(https(), "--cacert", certs.caPem.toString(), "--cert", certs.clientPem.toString(), "--key", certs.clientKey.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("health   UP");
        assertThat(clients).contains("CN=oncall");
    }

    @Test
    void aServerSignedByAnUnknownCaIsNotTrusted() {
        Run r = hatch(https(), "--cert", certs.clientPem.toString(), "--key", certs.clientKey.toString());
        assertThat(r.exit()).isEqualTo(CliException.TLS);
        assertThat(r.err()).isEqualTo("hatch: TLS failure with 127.0.0.1:" + server.getAddress().getPort()
                + ": the server's certificate is not trusted; pass --cacert CA.pem with the CA that issued it\n");
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefused() {
        Run r = hatch("https://localhost:" + server.getAddress().getPort() + "/ops", "--cacert", certs.caPem.toString(),
                "--cert", certs.clientPem.toString(), "--key", certs.clientKey.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(CliException.TLS);
        assertThat(r.err()).contains("not issued for localhost");
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() {
        Run r = hatch(https(), "--cacert", certs.caPem.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(CliException.TLS);
        assertThat(r.err()).startsWith("hatch: TLS failure with").contains("--cert FILE --key FILE");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsAUsageError() {
        Run r = hatch(https(), "--cacert", certs.caPem.toString(), "--cert", certs.clientPem.toString(), "--key", certs.otherKey.toString());
        assertThat(r.exit()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).isEqualTo("hatch: --key " + certs.otherKey + " does not belong to the certificate in --cert " + certs.clientPem + "\n");
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        Run r = hatch(https(), "--cert", certs.clientPem.toString());
        assertThat(r.exit()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).isEqualTo("hatch: --cert needs --key FILE (its private key)\n");
    }

    @Test
    void httpsToAPlainHttpHatchSaysSo() throws Exception {
        try (Endpoint endpoint = Endpoint.start()) {
            Run r = hatch(endpoint.url().replace("http:", "https:"), "--cacert", certs.caPem.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(CliException.TLS);
            assertThat(r.err()).contains("does not speak TLS on this port; try an http:// URL");
        }
    }

    @Test
    void plainHttpToATlsPortSaysSo() {
        Run r = hatch("http://127.0.0.1:" + server.getAddress().getPort() + "/ops");
        assertThat(r.exit()).as(r.err()).isEqualTo(CliException.FAILED);
        assertThat(r.err()).contains("if the server uses TLS, use an https:// URL");
    }
}
