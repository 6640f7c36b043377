package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.Scope;
import dev.hatch.Tls;
import dev.hatch.cli.output.CliException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of TLS against Hatch's own TLS: a real endpoint on port 0 that demands a client
 * certificate and maps {@code CN=oncall} to a principal, with certificates made by keytool for
 * this run. What Hatch's server does (protocols, suites, mTLS mapping) is the server's own test;
 * here the CLI must reach it, authenticate by certificate or token, and explain every refusal.
 */
class TlsTest {
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static Endpoint endpoint;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir);
        endpoint = Endpoint.start(b -> b.tls(t -> t.pem(certs.serverPem, certs.serverKey).clientCa(certs.caPem)
                .clientAuth(Tls.ClientAuth.NEED).principal("oncall", "CN=oncall", Scope.MONITOR)));
    }

    @AfterAll
    static void stop() throws Exception {
        endpoint.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run hatch(String url, String token, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--url", url, "--timeout", "10s"));
        all.addAll(List.of(args));
        all.add("status");
        Map<String, String> env = new HashMap<>();
        if (token != null) {
            env.put("HATCH_TOKEN", token);
        }
        int code = Main.run(all.toArray(new String[0]), env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int port() {
        return endpoint.hatch().port();
    }

    private static String https() {
        return "https://127.0.0.1:" + port() + "/ops";
    }

    private static String[] mtls() {
        return new String[] {"--cacert", certs.caPem.toString(), "--cert", certs.clientPem.toString(), "--key", certs.clientKey.toString()};
    }

    @Test
    void theClientCertificateAloneAuthenticatesAsItsPrincipal() throws Exception {
        Run r = hatch(https(), null, mtls());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("health   UP");
        assertThat(r.err()).isEmpty();
        assertThat(Files.readString(endpoint.hatch().auditFile())).contains("\"principal\":\"oncall\"");
    }

    @Test
    void aTokenOverMutualTlsIsJudgedOnItsOwn() {
        Run right = hatch(https(), Endpoint.MONITOR, mtls());
        assertThat(right.exit()).as(right.err()).isZero();
        Run wrong = hatch(https(), "wrong-token-0123456789abcdef", mtls());
        assertThat(wrong.exit()).as(wrong.out() + wrong.err()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(wrong.err()).contains("401");
    }

    @Test
    void aServerSignedByAnUnknownCaIsNotTrusted() {
        Run r = hatch(https(), Endpoint.MONITOR, "--cert", certs.clientPem.toString(), "--key", certs.clientKey.toString());
        assertThat(r.exit()).isEqualTo(CliException.TLS);
        assertThat(r.err()).isEqualTo("hatch: TLS failure with 127.0.0.1:" + port()
                + ": the server's certificate is not trusted; pass --cacert CA.pem with the CA that issued it\n");
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefused() {
        Run r = hatch("https://localhost:" + port() + "/ops", Endpoint.MONITOR, mtls());
        assertThat(r.exit()).as(r.err()).isEqualTo(CliException.TLS);
        assertThat(r.err()).contains("not issued for localhost");
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() {
        Run r = hatch(https(), Endpoint.MONITOR, "--cacert", certs.caPem.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(CliException.TLS);
        assertThat(r.err()).startsWith("hatch: TLS failure with").contains("--cert FILE --key FILE");
    }

    @Test
    void withoutATokenOrACertificateItIsAUsageError() {
        Run r = hatch(https(), null, "--cacert", certs.caPem.toString());
        assertThat(r.exit()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).contains("no token").contains("--cert");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsAUsageError() {
        Run r = hatch(https(), Endpoint.MONITOR, "--cacert", certs.caPem.toString(), "--cert", certs.clientPem.toString(),
                "--key", certs.otherKey.toString());
        assertThat(r.exit()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).isEqualTo("hatch: --key " + certs.otherKey + " does not belong to the certificate in --cert " + certs.clientPem + "\n");
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        Run r = hatch(https(), Endpoint.MONITOR, "--cert", certs.clientPem.toString());
        assertThat(r.exit()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).isEqualTo("hatch: --cert needs --key FILE (its private key)\n");
    }

    @Test
    void httpsToAPlainHttpHatchSaysSo() throws Exception {
        try (Endpoint plain = Endpoint.start()) {
            Run r = hatch(plain.url().replace("http:", "https:"), Endpoint.MONITOR, "--cacert", certs.caPem.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(CliException.TLS);
            assertThat(r.err()).contains("does not speak TLS on this port; try an http:// URL");
        }
    }

    @Test
    void plainHttpToATlsPortSaysSo() {
        Run r = hatch("http://127.0.0.1:" + port() + "/ops", Endpoint.MONITOR);
        assertThat(r.exit()).as(r.err()).isEqualTo(CliException.FAILED);
        assertThat(r.err()).contains("if the server uses TLS, use an https:// URL");
    }
}
