package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.Scope;
import dev.hatch.Tls;
import dev.hatch.cli.output.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS through the packaged {@code hatch.jar}, which carries the core's PEM reader: the
 * shading keeps only the core classes it lists, so a class left off that list fails here and
 * nowhere else ({@link TlsTest} runs the same cases in-process).
 */
class ShippedTlsIT {
    @TempDir
    Path dir;

    @Test
    void theShippedJarReadsItsPemFilesAndAuthenticatesByCertificate() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        try (Endpoint endpoint = Endpoint.start(b -> b.tls(t -> t.pem(certs.serverPem, certs.serverKey).clientCa(certs.caPem)
                .clientAuth(Tls.ClientAuth.NEED).principal("oncall", "CN=oncall", Scope.MONITOR)))) {
            String url = "https://127.0.0.1:" + endpoint.hatch().port() + "/ops";
            Cli.Run ok = Cli.run(Map.of(), "--url", url, "--cacert", certs.caPem.toString(), "--cert", certs.clientPem.toString(),
                    "--key", certs.clientKey.toString(), "status");
            assertThat(ok.exit()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains("health   UP");

            Path oldKey = Files.writeString(dir.resolve("old.pem"),
                    "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
            Cli.Run refused = Cli.run(Map.of(), "--url", url, "--cacert", certs.caPem.toString(), "--cert", certs.clientPem.toString(),
                    "--key", oldKey.toString(), "status");
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(CliException.USAGE);
            assertThat(refused.reason()).startsWith("hatch: --key " + oldKey + ": the key is in the old RSA format")
                    .contains("openssl pkcs8 -topk8 -nocrypt -in old.pem");
        }
    }
}
